"""Request count, errors, a latency histogram, build info and process metrics.

Every series carries ``service``, the label the SLO rules and the dashboard
select on (prometheus_client has no default labels, so it is a label of each
metric, and the process collector's samples get it added).
"""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import Metric
from prometheus_client.process_collector import ProcessCollector

# Include every latency objective Launchpad offers, so the SLO rules can read
# the share of fast requests from one bucket.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2, 2.5, 5, 10)


class _WithServiceLabel:
    def __init__(self, collector: ProcessCollector, service: str):
        self._collector = collector
        self._service = service

    def collect(self):
        for family in self._collector.collect():
            labelled = Metric(family.name, family.documentation, family.type, family.unit)
            for sample in family.samples:
                labelled.add_sample(
                    sample.name,
                    {**sample.labels, "service": self._service},
                    sample.value,
                    sample.timestamp,
                    sample.exemplar,
                )
            yield labelled


class Metrics:
    def __init__(self, service: str, version: str):
        self.service = service
        self.registry = CollectorRegistry()
        self.registry.register(_WithServiceLabel(ProcessCollector(registry=None), service))
        labels = ("service", "method", "route")
        self._requests = Counter(
            "http_requests",
            "HTTP requests handled, by method, route and status code",
            labels + ("status_code",),
            registry=self.registry,
        )
        self._errors = Counter(
            "http_request_errors",
            "HTTP requests answered with a 5xx status",
            labels,
            registry=self.registry,
        )
        self._duration = Histogram(
            "http_request_duration_seconds",
            "Time from receiving a request to finishing its response",
            labels,
            buckets=BUCKETS,
            registry=self.registry,
        )
        Gauge(
            "service_build_info",
            "Always 1; the version label says which build runs (deployment markers)",
            ("service", "version"),
            registry=self.registry,
        ).labels(service, version).set(1)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self._requests.labels(self.service, method, route, str(status)).inc()
        if status >= 500:
            self._errors.labels(self.service, method, route).inc()
        self._duration.labels(self.service, method, route).observe(seconds)
