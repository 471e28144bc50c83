"""The trial samples are run by trial (both), never collected by pytest: some fail on purpose."""

collect_ignore = ["trial_samples"]
