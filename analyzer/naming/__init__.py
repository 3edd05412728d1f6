"""The name grammar: does a message or channel name read as a command, an event, or neither?

A command says "do this" (``PlaceOrder``, ``send_email``, ``billing.charge-customer``);
an event says "this happened" (``OrderPlaced``, ``payment.completed``, ``invoice_paid``,
``order-was-cancelled``); a name with no verb (``OrderMessage``, ``telemetry``) is
``unclear``. :func:`classify_name` returns the verdict with its evidence and a confidence.

How a name is read
------------------
1. Split into segments on hierarchy separators (``. / : \\ # | @ * + >``) and each
   segment into words on ``_``, ``-``, spaces and CamelCase (acronyms included:
   ``HTTPRequestSent`` -> http request sent). Versions (``v2``, ``v1beta1``, ``2024``)
   and single letters are dropped.
2. Trailing channel words (``queue``, ``topic``, ``dlq``, ``prod``...) are dropped;
   declared suffixes are recorded and dropped: ``Event``/``Evt``/``Events``/
   ``DomainEvent``/``IntegrationEvent`` (event), ``Command``/``Cmd``/``Commands``/
   ``Request``/``Instruction`` (command), ``Message``/``Msg``/``Payload``/``Notification``
   (neutral); the grammar of the rest decides (``SendEmailEvent`` is imperative).
   ``[tool.msglint.naming]`` adds suffixes (``event-suffixes``, ``command-suffixes``).
3. The decisive phrase is the last segment (``orders.v2.order-placed`` -> order placed;
   ``billing.tasks.send_invoice`` -> send invoice). A last segment that is only a
   lifecycle word or a particle takes the segment before it
   (``compute.instance.create.end`` -> create end, "create ended").
4. Each word is looked up in a real English lexicon (``data/verbs.tsv``, built by
   ``scripts/build_lexicon.py`` from LemmInflect / the SPECIALIST Lexicon) for its
   base, past, past-participle and gerund readings, irregular ones included (sent,
   paid, built, sold, won, held); whether the same spelling is also a noun or an
   adjective comes from the same lexicon. Words that end like a participle but are
   not one (red, bed, need, hundred, kitchen) are never read as facts.
5. Rules, in order: hook prefixes (``on_``/``after_``/``pre_``/``post_save``: an
   event); questions and modals (``IsOrderPaid``: unclear; ``trial_will_end``: a weak
   event); the last past participle or past tense, also after an auxiliary or before a
   particle (``order-was-cancelled``, ``UserLoggedIn``: event; unless a leading verb
   such as ``notify``/``publish``/``handle`` makes the fact its object,
   ``NotifyOrderShipped``, or the participle is an adjective before a noun,
   ``FailedPayment``, ``RetryFailedPayments``; a form that is also the base, ``reset``,
   ``set``, ``read``, stays ambiguous); lifecycle
   suffixes after a verb (``create.end``, ``SyncError``: event); replies
   (``...Response``: unclear); a leading base-form verb (imperative: command); a verb
   after a domain prefix (``BillingChargeCustomer``); ``resource.action``
   (``order.create``: a weak command); a trailing gerund (``OrderProcessing``:
   unclear, an activity); otherwise no verb (unclear).

Words that are both noun and verb (order, charge, ship, email, update, change,
request, report) are read by position: a leading one is an imperative verb
(``UpdateOrder``) unless it is a word that names usually use as a modifier
(``order``, ``email``, ``price``: ``OrderItem``, ``EmailAddress``) or the phrase ends
in a compound head (``ChangeLog``, ``RefundRequest``); anywhere else it is a noun
(``OrderUpdate``, ``PriceChange``: unclear, not a weak event, since a noun compound
states neither an order nor a fact).

The module is pure: the lexicon is read once, lazily, on the first call.
"""
from __future__ import annotations

from .config import COMMAND, EVENT, UNCLEAR, NameIntent, NamingConfig
from .grammar import classify_name, prepare, tokenize

__all__ = ["COMMAND", "EVENT", "UNCLEAR", "NameIntent", "NamingConfig", "classify_name", "prepare", "tokenize"]
