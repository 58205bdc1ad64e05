-- Grain: one row, or none: the state of one kind of learner facts (learner_facts_state, schema
-- 0007): the definition its rows were computed with, and whether the last writer stopped
-- cleanly (aspects.ingest.facts).
select definition, clean
from learner_facts_state final
where name = {name:String}
