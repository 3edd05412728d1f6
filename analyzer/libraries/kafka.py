"""kafka-python, confluent-kafka and aiokafka (api_catalog.md section 1)."""
from ..calls import CallInfo
from ..registry import About, AllPositional, Arg, Registry, spec


def _kafka(library: str, role: str, api: str, **kw):
    return spec(role=role, library=library, transport="kafka", kind="topic", delivery="broadcast",
                api=api, **kw)


def _has_positional(info: CallInfo) -> bool:
    return bool(info.positional)


ABOUT = About(
    names="kafka-python, confluent-kafka, aiokafka",
    produce="`send`, `produce`, `send_and_wait`, `send_batch`",
    consume="`KafkaConsumer(*topics)`, `subscribe`",
    emits=("kafka-python", "confluent-kafka", "aiokafka"),
)


def register(r: Registry) -> None:
    r.library_roots("kafka", "confluent_kafka", "aiokafka")
    r.not_message("ProducerRecord")

    # kafka-python
    r.constructor(["kafka.KafkaProducer"], "kafka.producer")
    r.constructor(["kafka.KafkaConsumer"], "kafka.consumer")
    r.method("kafka.producer", ["send"], _kafka("kafka-python", "produce", "KafkaProducer.send",
                                                channel=Arg(0, "topic"), message=Arg(1, "value")))
    r.function(["kafka.KafkaConsumer"], _kafka("kafka-python", "consume", "KafkaConsumer()",
                                               channel=AllPositional(), when=_has_positional))
    r.method("kafka.consumer", ["subscribe"], _kafka("kafka-python", "consume", "KafkaConsumer.subscribe",
                                                     channel=Arg(0, "topics")))

    # confluent-kafka: Producer.produce(topic, value, key); SerializingProducer.produce(topic, key, value)
    r.constructor(["confluent_kafka.Producer", "confluent_kafka.aio.AIOProducer"], "ck.producer")
    r.constructor(["confluent_kafka.SerializingProducer"], "ck.sproducer")
    r.constructor(["confluent_kafka.Consumer", "confluent_kafka.DeserializingConsumer",
                   "confluent_kafka.aio.AIOConsumer"], "ck.consumer")
    r.method("ck.producer", ["produce", "produce_batch"], _kafka(
        "confluent-kafka", "produce", "Producer.produce", channel=Arg(0, "topic"), message=Arg(1, "value")))
    r.method("ck.sproducer", ["produce"], _kafka(
        "confluent-kafka", "produce", "SerializingProducer.produce", channel=Arg(0, "topic"),
        message=Arg(2, "value")))
    r.method("ck.consumer", ["subscribe"], _kafka("confluent-kafka", "consume", "Consumer.subscribe",
                                                  channel=Arg(0, "topics")))

    # aiokafka: send_batch(batch, topic) has the topic second
    r.constructor(["aiokafka.AIOKafkaProducer"], "aiokafka.producer")
    r.constructor(["aiokafka.AIOKafkaConsumer"], "aiokafka.consumer")
    r.method("aiokafka.producer", ["send", "send_and_wait"], _kafka(
        "aiokafka", "produce", "AIOKafkaProducer.send", channel=Arg(0, "topic"), message=Arg(1, "value")))
    r.method("aiokafka.producer", ["send_batch"], _kafka(
        "aiokafka", "produce", "AIOKafkaProducer.send_batch", channel=Arg(1, "topic")))
    r.function(["aiokafka.AIOKafkaConsumer"], _kafka("aiokafka", "consume", "AIOKafkaConsumer()",
                                                     channel=AllPositional(), when=_has_positional))
    r.method("aiokafka.consumer", ["subscribe"], _kafka("aiokafka", "consume", "AIOKafkaConsumer.subscribe",
                                                        channel=Arg(0, "topics")))
