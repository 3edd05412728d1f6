"""The name grammar (analyzer/naming/): command, event or unclear, by rule and with evidence.

Each table below is one naming style; every name is read by the general rules (no name is
special-cased in the classifier). Known ambiguous readings are pinned too, with the reason.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from conftest import REPO
from msglint.analyzer.naming import COMMAND, EVENT, UNCLEAR, NameIntent, NamingConfig, classify_name, tokenize

E, C, U = EVENT, COMMAND, UNCLEAR

REGULAR_PAST = [  # noun + regular past participle: a fact
    "OrderPlaced", "PaymentCompleted", "ItemShipped", "InvoiceGenerated", "UserRegistered", "AccountCreated",
    "CustomerDeleted", "EmailVerified", "PasswordChanged", "SubscriptionCancelled", "SubscriptionCanceled",
    "CartAbandoned", "ShipmentDelivered", "RefundIssued", "ReportGenerated", "ProfileUpdated", "OrderRejected",
    "FileUploaded", "TokenRefreshed", "LimitExceeded", "DocumentSigned", "RateLimited", "FeatureEnabled",
    "MessageReceived", "PaymentRequested", "RefundRequested", "OrderCreated", "InventoryReserved",
    "StockReplenished", "TransferFailed", "ApprovalRequired", "AccountActivated", "AppointmentRescheduled",
    "BookingConfirmed", "CardDeclined", "CouponRedeemed", "DriverAssigned", "FlightDelayed", "JobQueued",
    "LeadQualified", "OrderFulfilled", "OrderDispatched", "PaymentAuthorized", "PaymentCaptured",
    "PlanUpgraded", "PriceDropped", "ProductDiscontinued", "TicketEscalated", "TrialExpired", "UserBanned",
    "WebhookReceived", "EmailBounced", "CacheInvalidated", "ConfigReloaded", "LeaderElected",
    "ConsumerRebalanced", "VideoTranscoded", "ImageResized", "OrderValidated", "DailyReportGenerated",
    "PasswordResetRequested", "UserPreferredLanguageChanged", "ScheduledMaintenanceStarted",
    "DatabaseSeeded", "FeedUpdated", "SpeedChanged", "BedAssigned", "ScreenViewed", "TokenIssued",
]
IRREGULAR_PAST = [  # irregular forms come from the lexicon, not from an -ed rule
    "EmailSent", "InvoicePaid", "HouseBuilt", "ItemSold", "AuctionWon", "FundsHeld", "OrderTaken",
    "MessageWritten", "AccountFrozen", "PackageLost", "KeyStolen", "UserLeft", "BidMade", "FundsWithdrawn",
    "TicketBought", "PriceRisen", "GoodsBrought", "ConnectionBroken", "FileHidden", "SessionBegun",
    "UserNotFound", "NoOrdersFound", "IndexRebuilt", "WeeklyDigestSent", "EmailResent", "LeaderChosen",
    "FedRateRaised", "StockRanOut", "ReadingTaken",
]
SEPARATED = [  # snake_case, kebab-case, spaces, upper case
    ("order_placed", E), ("invoice_paid", E), ("payment-completed", E), ("order-was-cancelled", E),
    ("order_has_been_shipped", E), ("Object Created", E), ("ORDER_PLACED", E), ("user-created-v3", E),
    ("UserCreated_v2", E), ("send_email", C), ("create-order", C), ("delete_account", C), ("do_backup", C),
    ("send-emails", C), ("send_welcome_email", C), ("process-refund", C), ("generate_monthly_report", C),
    ("sync_inventory_levels", C), ("notify_customer", C), ("recalculate_totals", C), ("health-check", U),
    ("weekly-digest", U), ("page-views", U), ("sensor-readings", U), ("user-activity", U),
    ("price-updates", U), ("stock-levels", U), ("SEND_EMAIL", C),
]
PARTICLES_AND_AUXILIARIES = [
    ("UserLoggedIn", E), ("UserSignedUp", E), ("UserOptedOut", E), ("ItemAddedToCart", E),
    ("OrderCancelledByCustomer", E), ("EmailSentToCustomer", E), ("DeviceTurnedOff", E),
    ("ItemRemovedFromCart", E), ("UserAddedToGroup", E), ("CartCheckedOut", E), ("DeploymentRolledBack", E),
    ("LEDTurnedOn", E), ("OrderNotShipped", E), ("PaymentHasBeenProcessed", E), ("OrderIsCancelled", E),
    ("SignUp", C), ("LogIn", C), ("MarkAsPaid", C), ("MarkAsRead", C), ("MarkOrderAsShipped", C),
    ("IsOrderPaid", U), ("ShouldRetry", U),
]
ACRONYMS_AND_NUMBERS = [
    ("HTTPRequestSent", E), ("S3ObjectCreated", E), ("EC2InstanceLaunched", E), ("OAuth2TokenIssued", E),
    ("APIKeyRotated", E), ("IPv4AddressAssigned", E), ("OrderPlacedV2", E), ("UserCreatedV1", E),
    ("ORDER_PLACED_V2", E), ("SmsDelivered", E), ("ordersV2", U),
]
SUFFIXED = [  # Event/Command/Message suffixes are declared evidence; the grammar of the rest decides
    ("OrderPlacedEvent", E), ("OrderPlacedEvt", E), ("PaymentCompletedIntegrationEvent", E),
    ("UserCreatedDomainEvent", E), ("OrderShippedNotification", E), ("OrderPlacedMessage", E),
    ("OrderPlacedCommand", E), ("SendEmailEvent", C), ("CreateInvoiceEvent", C), ("PlaceOrderCommand", C),
    ("SendEmailCmd", C), ("CreateOrderRequest", C), ("SendNotification", C), ("OrderMessage", U),
    ("OrderEvent", U), ("OrderCommand", U), ("PaymentRequest", U), ("RefundRequest", U),
    ("CreateOrderResponse", U), ("StateChangeNotification", U), ("CreatedEvent", U),
    ("order-events", U), ("inventory-commands", U), ("ChatMessage", U), ("DirectMessage", U),
]
DOTTED_VERSIONED_REAL = [  # Kafka topics, CloudEvents, Stripe, OpenStack, Celery, Shopify, SNS/SQS, MQTT
    ("orders.v2.order-placed", E), ("orders.v1.order-placed", E), ("payments-v1-payment-captured", E),
    ("com.example.object.deleted.v2", E), ("google.cloud.storage.object.v1.finalized", E),
    ("com.github.pull_request.opened", E), ("Microsoft.Storage.BlobCreated", E), ("v1.user.created", E),
    ("orders.v2beta1.order_placed", E),
    ("invoice.payment_succeeded", E), ("invoice.payment_failed", E), ("customer.subscription.deleted", E),
    ("customer.subscription.created", E), ("charge.refunded", E), ("payment_intent.succeeded", E),
    ("checkout.session.completed", E), ("charge.dispute.funds_withdrawn", E),
    ("invoice.marked_uncollectible", E), ("customer.subscription.trial_will_end", E),
    ("account.application.authorized", E), ("payment_method.attached", E), ("customer.tax_id.updated", E),
    ("issuing_card.shipped", E), ("invoice.upcoming", U),
    ("compute.instance.create.end", E), ("compute.instance.create.start", E),
    ("compute.instance.create.error", E), ("compute.instance.delete.end", E),
    ("compute.instance.resize.confirm.start", E), ("compute.instance.power_off.start", E),
    ("compute.instance.shutdown.end", E), ("volume.attach.end", E), ("snapshot.create.start", E),
    ("scheduler.select_destinations.start", E), ("identity.user.created", E), ("compute.instance.exists", U),
    ("network.floating_ip.associate", U), ("image.upload", U), ("image.uploaded", E),
    ("billing.tasks.send_invoice", C), ("proj.tasks.add", C), ("tasks.process_order", C),
    ("myapp.tasks.generate_report", C), ("payments.tasks.capture_payment", C),
    ("accounts.tasks.deactivate_user", C), ("reports.tasks.build_report", C),
    ("orders/paid", E), ("orders/updated", E), ("app/uninstalled", E), ("refunds/create", C),
    ("checkouts/create", C), ("orders.create", C), ("users/delete", C), ("orders:created", E),
    ("order.validate", C), ("order.cancel", C), ("emails.send", C), ("order.validated", E),
    ("arn:aws:sns:eu-west-1:123456789012:order-placed", E),
    ("arn:aws:sns:eu-west-1:123456789012:create-invoice", C),
    ("https://sqs.us-east-1.amazonaws.com/123456789012/send-email-queue", C),
    ("devices/kitchen/light/set", C), ("prod.orders.order-shipped", E), ("order-placed-topic", E),
    ("orders.order-placed.dlq", E), ("user.created", E), ("user.updated", E), ("user.deleted", E),
    ("order.paid", E), ("order.shipped", E), ("cart.abandoned", E), ("subscription.renewed", E),
    ("invoice.finalized", E), ("payout.failed", E), ("payment.completed", E), ("user.signed_up", E),
    ("user.logged_in", E), ("billing.charge-customer", C), ("2024-01-01.orders", U),
]
IMPERATIVE = [  # a leading base-form verb: an order
    "PlaceOrder", "SendEmail", "CreateInvoice", "UpdateOrder", "CancelOrder", "ShipOrder", "ChargeCustomer",
    "RefundPayment", "ProcessPayment", "GenerateReport", "RequestRefund", "ReserveInventory", "ResetPassword",
    "SetPrice", "ReadFile", "NotifyCustomer", "ValidateAddress", "ApproveLoan", "DeleteUser", "ArchiveOrder",
    "GetOrderStatus", "ListOrders", "FetchUserProfile", "RetryFailedPayments", "ArchiveCompletedOrders",
    "NotifyOrderShipped", "PublishOrderPlaced", "HandlePaymentFailed", "ReportError", "LogError",
    "HandleTimeout", "CheckoutCart", "BackupDatabase", "RollbackTransaction", "UpdateStatus",
    "ChangePassword", "ScheduleMeeting", "TransferFunds", "SyncInventory", "UpsertCustomer", "EnqueueJob",
    "BillingChargeCustomer", "RunReport", "SeedDatabase", "AssignDriver", "BookAppointment", "CalculateTax",
    "CapturePayment", "CloseAccount", "CompleteOrder", "ConfirmBooking", "DeactivateUser", "DispatchOrder",
    "EscalateTicket", "ExportReport", "FulfillOrder", "ImportProducts", "IssueRefund", "PublishArticle",
    "RebuildIndex", "RegisterDevice", "RenewPolicy", "ResendConfirmationEmail", "RevokeToken", "RotateKeys",
    "SubmitClaim", "SuspendAccount", "TranscodeVideo", "UnsubscribeUser", "VerifyEmail", "WithdrawFunds",
    "AuthorizePayment", "ApplyDiscount", "AddItemToCart", "RemoveItemFromCart", "AttachPaymentMethod",
    "InvalidateCache", "EvictCacheEntry", "StartInstance", "TrackShipment", "ValidateOrder", "DoNothing",
    "KeepAlive", "GenerateDailyReport", "SendWeeklyDigest", "CommitMessage",
]
NOUN_ONLY = [  # no verb at all, or noun-and-verb words read as nouns: unclear
    "OrderUpdate", "PriceChange", "telemetry", "heartbeat", "Heartbeat", "orders", "notifications",
    "customer-notifications", "UserProfile", "OrderItem", "EmailAddress", "OrderStatus", "ChangeLog",
    "ChangeSet", "LoginPage", "UserLogin", "DatabaseBackup", "PasswordReset", "CacheHit", "CacheMiss",
    "email-service-queue", "billing-service", "NewsFeed", "RedButton", "SeedData", "SpeedLimit", "Hundred",
    "SearchResults", "CustomerSupport", "order", "update", "refund", "v2", "CustomerAddress", "ShoppingCart",
    "InventoryLevel", "PaymentDetails", "OrderSummary", "UserPreferences", "AuditTrail", "metrics",
    "clickstream", "LocationPing", "OrderLine", "InvoiceLineItem", "ProductCatalog", "DeliveryWindow",
    "TenantConfig", "FeatureFlag", "RateLimit", "SearchQuery", "WelcomeEmail", "EmailCustomer",
    "InvoiceCustomer", "ShipmentTracking", "OrderValidation", "order.validation", "order.update",
    "payments.refund", "user.signup", "Ping", "Pong", "NoOp", "HealthCheck", "healthcheck", "StatusReport",
    "DailyReport", "NeedsReview", "InvoiceOverdue", "MessageRead", "OrderFed",
]
LIFECYCLE = [  # start/end/error/success after a verb: how that action went
    ("SyncStart", E), ("SyncError", E), ("UploadComplete", E), ("PaymentComplete", E), ("PaymentError", E),
    ("LoginFailure", E), ("LoginSuccess", E), ("PaymentFailure", E), ("CreateOrderError", E),
    ("payment.success", E), ("payment.failure", E), ("InstanceCreateStart", E), ("CreateInstanceStart", E),
    ("SendEmailFailed", E), ("ProcessPaymentFailed", E), ("CreateOrderRequested", E), ("job.start", U),
    ("instance.start", U), ("instance.started", E), ("InstanceStarted", E),
]
GERUNDS_AND_HOOKS = [
    ("OrderProcessing", U), ("OrderShipping", U), ("UserOnboarding", U), ("PaymentPending", U),
    ("ProcessingStarted", E), ("BillingAddressUpdated", E), ("on_order_placed", E), ("OnOrderPlaced", E),
    ("post_save", E), ("pre_delete", E), ("after_commit", E), ("post_message", C), ("FailedPayment", U),
    ("SignedUrl", U),
]
UNKNOWN_AND_PREFIXED_VERBS = [  # not in the lexicon: prefixes (un-, re-, de-) and the -ed ending
    ("CustomerUpserted", E), ("WidgetFrobnicated", E), ("RecordsDeduplicated", E), ("EmailUnsubscribed", E),
    ("PostUnpublished", E), ("UserOnboarded", E), ("PaymentUnderpaid", E), ("EventsCorrelated", E),
    ("QueueBound", E), ("DataSetCreated", E), ("ResultSetReturned", E),
]

ALL_CASES = (
    [(name, E) for name in REGULAR_PAST] + [(name, E) for name in IRREGULAR_PAST] + SEPARATED
    + PARTICLES_AND_AUXILIARIES + ACRONYMS_AND_NUMBERS + SUFFIXED + DOTTED_VERSIONED_REAL
    + [(name, C) for name in IMPERATIVE] + [(name, U) for name in NOUN_ONLY] + LIFECYCLE + GERUNDS_AND_HOOKS
    + UNKNOWN_AND_PREFIXED_VERBS
)


def test_the_suite_covers_at_least_150_names_in_every_style():
    names = [name for name, _ in ALL_CASES]
    assert len(names) == len(set(names)), "a name is listed twice"
    assert len(names) >= 150
    assert {intent for _, intent in ALL_CASES} == {E, C, U}


@pytest.mark.parametrize("name,expected", ALL_CASES, ids=[name for name, _ in ALL_CASES])
def test_intent_of_a_name(name, expected):
    result = classify_name(name)
    assert result.intent == expected, f"{name}: {result.intent} ({'; '.join(result.evidence)})"
    assert result.evidence and all(isinstance(item, str) and item for item in result.evidence)
    assert 0.0 <= result.confidence <= 1.0


# ----------------------------------------------------------------------------- evidence
def test_an_event_suffix_on_an_imperative_name_is_evidence_not_the_verdict():
    result = classify_name("SendEmailEvent")
    assert result.intent == C and result.declared == E
    assert result.evidence[0] == "'send' leads as an imperative verb"
    assert "suffix 'Event' declares an event; the grammar of the rest decides" in result.evidence
    assert classify_name("PlaceOrderCommand").declared == C
    assert classify_name("OrderPlaced").declared is None


def test_irregular_past_participles_say_their_verb():
    for name, lemma in [("EmailSent", "send"), ("InvoicePaid", "pay"), ("HouseBuilt", "build"),
                        ("ItemSold", "sell"), ("AuctionWon", "win"), ("FundsHeld", "hold")]:
        result = classify_name(name)
        assert result.intent == E
        assert f"of '{lemma}' (irregular)" in result.evidence[0], result.evidence


def test_regular_participle_evidence_names_the_subject():
    assert classify_name("OrderPlaced").evidence[0] == "'placed' is the past participle of 'place', after 'order'"
    assert classify_name("order-was-cancelled").evidence[0].endswith("after 'was'")


def test_dotted_versioned_names_are_read_from_their_last_segment():
    result = classify_name("orders.v2.order-placed")
    assert result.intent == E
    assert "decisive phrase 'order placed' (the last segment)" in result.evidence
    assert "version 'v2' ignored" in result.evidence
    assert result.tokens == ("orders", "order", "placed")


def test_lifecycle_suffix_evidence():
    result = classify_name("compute.instance.create.end")
    assert result.intent == E
    assert result.evidence[0] == "lifecycle suffix 'end' after the verb 'create' ('create' ended)"
    assert "decisive phrase 'create end' (the last two segments)" in result.evidence


def test_no_verb_evidence():
    assert classify_name("telemetry").evidence[0] == "no verb in 'telemetry'"
    result = classify_name("OrderMessage")
    assert result.intent == U and result.declared is None
    assert result.evidence[0] == "no verb reading in 'order' ('order' reads as a noun here)"
    assert "suffix 'Message' names a message, neither kind" in result.evidence


def test_noun_compound_of_noun_and_verb_words_is_unclear_with_the_reason():
    assert "noun compound" in classify_name("ChangeLog").evidence[0]
    assert classify_name("PriceChange").intent == U
    assert classify_name("UpdateOrder").evidence[0] == "'update' leads as an imperative verb (it can also be a noun)"


def test_confidence_orders_strong_and_weak_readings():
    assert classify_name("order-was-cancelled").confidence > classify_name("OrderPlaced").confidence
    assert classify_name("SendEmail").confidence > classify_name("orders.create").confidence
    assert classify_name("PaymentError").confidence < classify_name("PaymentFailed").confidence
    assert classify_name("telemetry").confidence > classify_name("OrderUpdate").confidence


# ----------------------------------------------------------------------------- tokens and lexicon
@pytest.mark.parametrize("name,tokens", [
    ("HTTPRequestSent", ("http", "request", "sent")),
    ("orderPlaced", ("order", "placed")),
    ("order_placed-v2", ("order", "placed")),
    ("orders.v2.order-placed", ("orders", "order", "placed")),
    ("arn:aws:sns:eu-west-1:1:order-placed", ("arn", "aws", "sns", "eu", "west", "order", "placed")),
    ("EC2InstanceLaunched", ("ec2", "instance", "launched")),
    ("IPv4AddressAssigned", ("ipv4", "address", "assigned")),
    ("Object Created", ("object", "created")),
    ("größen.änderung", ("größen", "änderung")),
    ("", ()),
])
def test_tokenize(name, tokens):
    assert tokenize(name) == tokens


@pytest.mark.parametrize("word", ["red", "bed", "need", "feed", "speed", "seed", "hundred", "sacred", "naked",
                                  "kitchen", "token", "garden", "led", "fed", "indeed", "rugged"])
def test_words_ending_like_a_participle_are_not_facts(word):
    assert classify_name(f"Order{word.title()}").intent != E
    assert classify_name(word).intent != E


def test_lexicon_data_is_real_and_small():
    data = REPO / "analyzer" / "data"
    verbs = (data / "verbs.tsv").read_text(encoding="utf-8")
    assert "LemmInflect" in verbs and "MIT" in verbs and "SPECIALIST" in verbs
    rows = [line.split("\t") for line in verbs.splitlines() if line and not line.startswith("#")]
    assert len(rows) > 5000 and all(len(row) == 6 for row in rows)
    by_base = {row[0]: row for row in rows}
    assert by_base["send"][3] == "sent" and by_base["win"][3] == "won" and by_base["go"][3] == "went"
    assert (data / "verbs.tsv").stat().st_size < 400_000
    not_verbs = (data / "not_verb_forms.tsv").read_text(encoding="utf-8")
    assert "\nhundred\t" in not_verbs and "\nled\t" in not_verbs


def test_the_lexicon_is_loaded_lazily_on_first_use(tmp_path):
    code = ("import msglint.analyzer.naming.lexicon as m; print(m._base_lexicon.cache_info().currsize); "
            "import msglint.analyzer.naming as n; n.classify_name('OrderPlaced'); print(m._base_lexicon.cache_info().currsize)")
    # the installed package, not the checkout's msglint/ folder (which ``-c`` would find first in it)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split() == ["0", "1"]


# ----------------------------------------------------------------------------- configuration
def test_a_configured_verb_is_inflected_and_read():
    naming = NamingConfig(verbs=("frobnicate",))
    assert classify_name("FrobnicateWidget").intent == U  # unknown word: no verb
    assert classify_name("FrobnicateWidget", naming).intent == C
    result = classify_name("WidgetFrobnicated", naming)
    assert result.intent == E and "(configured verb)" in result.evidence[0]
    # without the configuration an -ed word the lexicon does not know is only a weak fact
    weak = classify_name("WidgetFrobnicated")
    assert weak.intent == E and weak.confidence < result.confidence


def test_a_configured_irregular_verb():
    naming = NamingConfig(verbs=("yeet:yote",))
    assert classify_name("BallYote", naming).intent == E
    assert classify_name("YeetBall", naming).intent == C


def test_a_configured_event_suffix_is_declared_and_stripped():
    naming = NamingConfig(event_suffixes=("Signal",))
    result = classify_name("PaymentSignal", naming)
    assert result.declared == E and result.intent == U  # the grammar of the rest decides
    assert "suffix 'Signal' declares an event; the grammar of the rest decides" in result.evidence
    assert classify_name("SendEmailSignal", naming).intent == C
    assert classify_name("PaymentSignal").declared is None


def test_a_configured_command_suffix_and_noun():
    naming = NamingConfig(command_suffixes=("Job",), nouns=("ship",))
    assert classify_name("SendEmailJob", naming).declared == C
    assert classify_name("ShipOrder").intent == C
    assert classify_name("ShipOrder", naming).intent == U
    assert classify_name("OrderShipped", naming).intent == E  # only the exact word is a noun


def test_naming_config_from_the_toml_table():
    naming = NamingConfig.from_table({"verbs": ["upsert"], "nouns": ["ship"], "event-suffixes": ["Fact"],
                                      "command-suffixes": ["Job"]})
    assert naming == NamingConfig(verbs=("upsert",), nouns=("ship",), event_suffixes=("Fact",),
                                  command_suffixes=("Job",))
    assert hash(naming) == hash(NamingConfig.from_table({"verbs": ["upsert"], "nouns": ["ship"],
                                                         "event_suffixes": ["Fact"], "command-suffixes": ["Job"]}))
    assert NamingConfig(verbs=["a", "b"]).verbs == ("a", "b")  # lists become tuples: hashable
    with pytest.raises(ValueError, match="unknown key 'verb'"):  # the configuration's reader names the file
        NamingConfig.from_table({"verb": ["x"]})
    with pytest.raises(ValueError, match="list of strings"):
        NamingConfig.from_table({"verbs": "x"})


def test_name_intent_is_frozen():
    result = classify_name("OrderPlaced")
    assert isinstance(result, NameIntent)
    from dataclasses import FrozenInstanceError
    with pytest.raises(FrozenInstanceError):
        result.intent = C  # type: ignore[misc]


# ----------------------------------------------------------------------------- speed and the CLI
def test_ten_thousand_names_classify_fast():
    classify_name("warm-up")  # the first call loads the lexicon
    nouns = ["order", "invoice", "payment", "customer", "cart", "item", "refund", "report", "token", "device"]
    verbs = ["create", "update", "send", "place", "cancel", "ship", "charge", "sync", "notify", "archive"]
    parts = ["placed", "created", "sent", "paid", "shipped", "failed", "built", "sold", "won", "held"]
    names = []
    for i in range(10_000):
        n, v, p, m = nouns[i % 10], verbs[i // 10 % 10], parts[i // 100 % 10], nouns[i // 1000 % 10]
        names.append([f"{n.title()}{m.title()}{p.title()}{i}", f"{v}_{n}_{m}_{i}", f"svc{i}.v2.{n}-{p}",
                      f"compute.{n}{i}.{v}.end"][i % 4])
    start = time.perf_counter()
    results = [classify_name(name) for name in names]
    elapsed = time.perf_counter() - start
    assert {r.intent for r in results} == {E, C}
    assert elapsed < 3.0, f"{elapsed:.2f}s for 10,000 names"  # about 0.1-0.4 s; generous for a busy CI


def test_cli_intent_json_keeps_the_order_given():
    from click.testing import CliRunner
    from msglint.cli import main

    names = ["SendEmailEvent", "OrderPlaced", "telemetry", "compute.instance.create.end"]
    result = CliRunner().invoke(main, ["intent", *names, "--format", "json", "--isolated"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["name"] for item in data] == names
    assert [item["intent"] for item in data] == [C, E, U, E]
    assert all(set(item) == {"name", "intent", "evidence"} and item["evidence"] for item in data)


def test_the_lexicon_reads_spellings_on_demand():
    from msglint.analyzer.naming.lexicon import _base_lexicon

    words, not_past = _base_lexicon()
    sent = words.get("sent")
    assert sent is not None and sent.past == "send" and sent.participle == "send" and sent.base is None
    assert words["send"].base == "send" and words.get("sending").gerund == "send"
    assert "led" in not_past and words.get("led") is not None and words.get("led").past is None
    assert words.get("zzzzqq") is None and "zzzzqq" not in words
    assert len(words) == len(set(words)) > 20000
