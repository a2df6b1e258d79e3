"""The line-manager checklist: the school's question bank, a checklist per
half-term with the evidence the data already gives, the meeting's answers
and the actions agreed (which carry on until they are done)."""
