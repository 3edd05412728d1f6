"""One module per family of messaging libraries; importing them fills the registry."""
from . import amqp, aws, celery, kafka, nats, redis  # noqa: F401
