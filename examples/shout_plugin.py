"""The twistd plugin of shout.py: it goes in a twisted/plugins folder."""

from twisted.application.service import ServiceMaker

shoutServer = ServiceMaker(
    "Shouting echo server",         # name, shown in the log
    "shout",                        # module with Options and makeService
    "An echo server that can answer in capital letters.",
    "shout",                        # the name after twistd on the command line
)
