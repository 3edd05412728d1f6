"""kafka-python, confluent-kafka and aiokafka (api_catalog.md section 1)."""
from ..apis import REGISTRY as R, AllPositional, Arg, spec

R.library_roots("kafka", "confluent_kafka", "aiokafka")


def _kafka(library: str, role: str, api: str, **kw):
    return spec(role=role, library=library, transport="kafka", kind="topic", delivery="broadcast",
                api=api, **kw)


# kafka-python
R.constructor(["kafka.KafkaProducer"], "kafka.producer")
R.constructor(["kafka.KafkaConsumer"], "kafka.consumer")
R.method("kafka.producer", ["send"], _kafka("kafka-python", "produce", "KafkaProducer.send",
                                            channel=Arg(0, "topic"), message=Arg(1, "value")))
R.function(["kafka.KafkaConsumer"], _kafka("kafka-python", "consume", "KafkaConsumer()",
                                           channel=AllPositional(), when=lambda i: _has_positional(i)))
R.method("kafka.consumer", ["subscribe"], _kafka("kafka-python", "consume", "KafkaConsumer.subscribe",
                                                 channel=Arg(0, "topics")))

# confluent-kafka: Producer.produce(topic, value, key); SerializingProducer.produce(topic, key, value)
R.constructor(["confluent_kafka.Producer", "confluent_kafka.aio.AIOProducer"], "ck.producer")
R.constructor(["confluent_kafka.SerializingProducer"], "ck.sproducer")
R.constructor(["confluent_kafka.Consumer", "confluent_kafka.DeserializingConsumer",
               "confluent_kafka.aio.AIOConsumer"], "ck.consumer")
R.method("ck.producer", ["produce", "produce_batch"], _kafka(
    "confluent-kafka", "produce", "Producer.produce", channel=Arg(0, "topic"), message=Arg(1, "value")))
R.method("ck.sproducer", ["produce"], _kafka(
    "confluent-kafka", "produce", "SerializingProducer.produce", channel=Arg(0, "topic"), message=Arg(2, "value")))
R.method("ck.consumer", ["subscribe"], _kafka("confluent-kafka", "consume", "Consumer.subscribe",
                                              channel=Arg(0, "topics")))

# aiokafka: send_batch(batch, topic) has the topic second
R.constructor(["aiokafka.AIOKafkaProducer"], "aiokafka.producer")
R.constructor(["aiokafka.AIOKafkaConsumer"], "aiokafka.consumer")
R.method("aiokafka.producer", ["send", "send_and_wait"], _kafka(
    "aiokafka", "produce", "AIOKafkaProducer.send", channel=Arg(0, "topic"), message=Arg(1, "value")))
R.method("aiokafka.producer", ["send_batch"], _kafka(
    "aiokafka", "produce", "AIOKafkaProducer.send_batch", channel=Arg(1, "topic")))
R.function(["aiokafka.AIOKafkaConsumer"], _kafka("aiokafka", "consume", "AIOKafkaConsumer()",
                                                 channel=AllPositional(), when=lambda i: _has_positional(i)))
R.method("aiokafka.consumer", ["subscribe"], _kafka("aiokafka", "consume", "AIOKafkaConsumer.subscribe",
                                                    channel=Arg(0, "topics")))


def _has_positional(info) -> bool:
    return any(arg["kw"] is None and not arg["star"] for arg in info["args"])
