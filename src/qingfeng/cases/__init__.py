"""Case handling: the workflow of a clue, assignment under jurisdiction and recusal, outcomes."""
