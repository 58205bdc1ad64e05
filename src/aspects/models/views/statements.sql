-- What every report reads: statements that are not voiding and not voided (xAPI 1.0.3
-- Part 2 §2.3.2: a voided statement is left out of everything downstream).
select *
from xapi_events_all
where verb_id != 'http://adlnet.gov/expapi/verbs/voided'
  and event_id not in {{lrs/voided_ids}}
