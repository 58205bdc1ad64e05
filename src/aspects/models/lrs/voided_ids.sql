-- The ids of the statements that voiding statements target (xAPI 1.0.3 Part 2 §2.3.2: a voided
-- statement counts for nothing), as `event_id`: included wherever statements are read.
select assumeNotNull(voided_id) as event_id
from xapi_events_all
where verb_id = 'http://adlnet.gov/expapi/verbs/voided'
