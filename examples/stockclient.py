"""Reserve items (arguments: ITEM:COUNT ...), then print what is left."""

import sys

from stockcommands import Count, NotEnough, Reserve, UnknownItem
from twisted.internet import defer, endpoints, task
from twisted.protocols import amp


async def reserveAll(stock, requests):
    for item, count in requests:
        try:
            answer = await stock.callRemote(Reserve, item=item, count=count)
        except (UnknownItem, NotEnough) as error:
            print(f"refused {count} {item}: {error}")
        else:
            print(f"reserved {count} {item}, {answer['left']} left")
    answer = await stock.callRemote(Count)
    for line in answer["items"]:
        print(f"{line['item']}: {line['left']}")


async def main(reactor, *args):
    pairs = (arg.split(":") for arg in args)
    requests = [(item, int(count)) for item, count in pairs]
    endpoint = endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", 18030)
    stock = await endpoints.connectProtocol(endpoint, amp.AMP())
    try:
        await reserveAll(stock, requests)
    finally:
        stock.transport.loseConnection()


def run(reactor, *args):
    return defer.ensureDeferred(main(reactor, *args))


task.react(run, sys.argv[1:])
