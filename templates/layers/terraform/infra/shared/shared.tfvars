service_name      = "${{ values.name }}"
owner             = "${{ values.ownerTeam }}"
github_repository = "${{ values.projectSlug }}"
aws_region        = "${{ values.awsRegion }}"
