"""Version 3 of the class: a version 1 pickle loads through both upgrades."""

import pickle

from twisted.persisted import styles


class Inventory(styles.Versioned):
    persistenceVersion = 3

    def __init__(self):
        self.counts = {}
        self.unit = "piece"

    def upgradeToVersion2(self):
        # Version 2 replaced the list of names with a count per name.
        self.counts = {}
        for name in self.fruit:
            self.counts[name] = self.counts.get(name, 0) + 1
        del self.fruit
        print("upgraded to version 2")

    def upgradeToVersion3(self):
        # Version 3 added a unit.
        self.unit = "piece"
        print("upgraded to version 3")


with open("inventory.pickle", "rb") as f:
    inventory = pickle.load(f)
styles.doUpgrade()
print("loaded:", inventory.counts, "counted by the", inventory.unit)
