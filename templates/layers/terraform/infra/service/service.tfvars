# Values shared by every environment; ci/terraform.sh adds environment and
# cluster_name (the ECS cluster is named after the environment).
service_name         = "${{ values.name }}"
owner                = "${{ values.ownerTeam }}"
github_repository    = "${{ values.projectSlug }}"
aws_region           = "${{ values.awsRegion }}"
vpc_name             = "main"
container_port       = 8080
memory               = ${{ values.memoryMb }}
{%- if values.language == 'python' %}
health_check_command = ["CMD-SHELL", "python3 -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=3)\""]
{%- else %}
health_check_command = ["CMD-SHELL", "node -e \"fetch('http://127.0.0.1:8080/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))\""]
{%- endif %}
