"""Learner groups (the built-in at-risk group and saved custom groups) and one learner's story."""
