-- What every report reads: statements that are not voiding and not voided (xAPI 1.0.3
-- Part 2 §2.3.2: a voided statement is left out of everything downstream).
-- The voided test reads every row's statement id (16 bytes a row); while the store holds no
-- voiding statement, the scalar count folds to a constant when the query is planned and the
-- test, with its column, is left out (measured: 20 → 6 ms over a course of 2 M statements).
select *
from xapi_events_all
where verb_id != 'http://adlnet.gov/expapi/verbs/voided'
  and (
      (select count() from xapi_events_all where verb_id = 'http://adlnet.gov/expapi/verbs/voided') = 0
      or event_id not in (
          select assumeNotNull(voided_id)
          from xapi_events_all
          where verb_id = 'http://adlnet.gov/expapi/verbs/voided'
      )
  )
