"""Write log events to a file as JSON, one event per line, their fields kept."""

import sys

from twisted.logger import Logger, jsonFileLogObserver

output = open(sys.argv[1], "a", encoding="utf-8")
log = Logger(namespace="shop.orders", observer=jsonFileLogObserver(output))

log.info("order {order_id} placed: {total} euros", order_id=17, total=42)
log.info("order {order_id} placed: {total} euros", order_id=18, total=7)
log.warn("order {order_id} is late", order_id=17)
log.info("order {order_id} placed: {total} euros", order_id=19, total=130)
