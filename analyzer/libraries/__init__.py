"""One module per family of messaging libraries; importing them fills the registry."""
from . import amqp, aws, blinker, celery, django_signals, kafka, nameko, nats, pyee, redis  # noqa: F401
