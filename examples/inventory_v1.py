"""Version 1 of a stored class: fruit names, pickled to inventory.pickle."""

import pickle

from twisted.persisted import styles


class Inventory(styles.Versioned):
    persistenceVersion = 1

    def __init__(self):
        self.fruit = ["apple", "apple", "pear"]


with open("inventory.pickle", "wb") as f:
    pickle.dump(Inventory(), f)
print("saved:", Inventory().fruit)
