"""Structured events from two namespaces, filtered by level, written as text."""

import sys

from twisted.logger import (
    FilteringLogObserver,
    Logger,
    LogLevel,
    LogLevelFilterPredicate,
    globalLogBeginner,
    textFileLogObserver,
)

levels = LogLevelFilterPredicate(defaultLogLevel=LogLevel.info)
# The payment code is chatty: from it, only warnings and worse.
levels.setLogLevelForNamespace("shop.payments", LogLevel.warn)
console = textFileLogObserver(sys.stdout, timeFormat=None)
globalLogBeginner.beginLoggingTo([FilteringLogObserver(console, [levels])],
                                 redirectStandardIO=False)

orders = Logger(namespace="shop.orders")
payments = Logger(namespace="shop.payments")

orders.debug("basket has {count} items", count=3)
orders.info("order {order_id} placed by {customer}",
            order_id=17, customer="ada")
payments.info("card for order {order_id} accepted", order_id=17)
payments.warn("card for order {order_id} declined: {reason}",
              order_id=18, reason="expired")
orders.error("order {order_id} cancelled", order_id=18)
