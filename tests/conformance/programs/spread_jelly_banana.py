"""jelly and banana: the s-expressions and bytes of values, references, copies, and refusals."""

import datetime
import decimal

from twisted.spread import banana, jelly, pb


class Plain:
    def __init__(self):
        self.a = 1
        self.b = [2, 3]


class Point(pb.Copyable):
    def __init__(self, x, y):
        self.x, self.y = x, y


class RemotePoint(pb.RemoteCopy):
    pass


values = [0, -1, 2**31, -(2**31) - 1, 2**100, 1.25, "caf\u00e9", b"raw", None, True, False,
          [1, [2]], (1, (2,)), {"k": (1, 2)}, {1, 2}, frozenset([3]), decimal.Decimal("-12.50"),
          datetime.datetime(2024, 2, 29, 23, 59, 58, 7), datetime.date(2024, 1, 2),
          datetime.time(1, 2, 3, 4), datetime.timedelta(1, 2, 3)]
for value in values:
    sexp = jelly.jelly(value)
    encoded = banana.encode(sexp)
    back = jelly.unjelly(banana.decode(encoded))
    print(repr(value), sexp, encoded.hex(), back == value, type(back).__name__)

shared = [1]
cyclic = [shared, shared]
cyclic.append(cyclic)
sexp = jelly.jelly(cyclic)
print("references:", sexp)
back = jelly.unjelly(sexp)
print("  shared:", back[0] is back[1], "cycle:", back[2] is back)
selfDict = {}
selfDict["me"] = selfDict
back = jelly.unjelly(jelly.jelly(selfDict))
print("dict cycle:", back["me"] is back)

print("instance:", jelly.jelly(Plain()))
plain = jelly.unjelly(jelly.jelly(Plain()))
print("  back:", type(plain).__name__, plain.a, plain.b)
pb.setUnjellyableForClass(Point, RemotePoint)
copied = jelly.unjelly(jelly.jelly(Point(1, 2)))
print("copyable outside a broker:", type(copied).__name__, copied.x, copied.y)

strict = jelly.SecurityOptions()
strict.allowBasicTypes()
print("strict allows lists:", jelly.unjelly(jelly.jelly([1, (2,)]), strict))
for label, sexp in (("unregistered class", jelly.jelly(Plain())),
                    ("module", [b"module", b"os"]),
                    ("class", [b"class", b"os.Popen"]),
                    ("function", [b"function", b"os.system"]),
                    ("unknown atom", [b"frobnicate", 1])):
    try:
        jelly.unjelly(sexp, strict)
    except jelly.InsecureJelly:
        print(f"strict refuses {label}: InsecureJelly")
strict.allowInstancesOf(Plain)
allowed = jelly.unjelly(jelly.jelly(Plain()), strict)
print("allowInstancesOf:", type(allowed).__name__, allowed.b)
print("unpersistable:", jelly.jelly(Plain(), strict.__class__()))
try:
    jelly.jelly(Plain(), strict.__class__())
except jelly.InsecureJelly:
    print("jelly with a strict taster refuses the type")

for bad in (b"\x01\x88", b"\x7f" * 65 + b"\x82", b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x82"):
    try:
        banana.decode(bad)
    except (banana.BananaError, NotImplementedError, IndexError) as e:
        print("banana refuses", bad[:8].hex(), type(e).__name__)
for unsendable in (object(), {"a": 1}, 2**500):
    try:
        banana.encode(unsendable)
    except banana.BananaError:
        print("banana cannot send", type(unsendable).__name__)
print("SIZE_LIMIT:", banana.SIZE_LIMIT)
