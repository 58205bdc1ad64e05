-- One statement by id, for GET /xAPI/statements?statementId= or ?voidedStatementId=
-- (xAPI 1.0.3 Part 3 §2.1.3). Grain: at most one row.
-- A voided statement is returned only when asked for as voided, and vice versa.
with
voided as {{lrs/voided_ids}},

final as (
    select event, stored, authority
    from xapi_events_all
    where event_id = {statement_id:UUID}
      and (event_id in (select event_id from voided)) = {voided:Bool}
    limit 1
)

select event, stored, authority from final
