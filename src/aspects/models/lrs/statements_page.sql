-- A page of statements for GET /xAPI/statements with filters (xAPI 1.0.3 Part 3 §2.1.3).
-- Grain: one row per statement, newest stored first (or oldest with ascending), voided
-- statements left out; an empty filter value means "no filter". The cursor continues a page
-- after the (stored, event_id) of its last row.
with
voided as {{lrs/voided_ids}},

matching as (
    select event_id, event, stored, authority
    from xapi_events_all
    where ({actor_id:String} = '' or actor_id = {actor_id:String})
      and ({verb_id:String} = '' or verb_id = {verb_id:String})
      and ({object_id:String} = '' or object_id = {object_id:String})
      and ({since:Nullable(DateTime64(6, 'UTC'))} is null or stored > {since:Nullable(DateTime64(6, 'UTC'))})
      and ({until:Nullable(DateTime64(6, 'UTC'))} is null or stored <= {until:Nullable(DateTime64(6, 'UTC'))})
      and event_id not in (select event_id from voided)
),

final as (
    select event_id, event, stored, authority
    from matching
    where {after_stored:Nullable(DateTime64(6, 'UTC'))} is null
       or (
           {ascending:Bool}
           and (stored, toString(event_id)) > ({after_stored:Nullable(DateTime64(6, 'UTC'))}, {after_id:String})
       )
       or (
           not {ascending:Bool}
           and (stored, toString(event_id)) < ({after_stored:Nullable(DateTime64(6, 'UTC'))}, {after_id:String})
       )
    order by
        if({ascending:Bool}, toUnixTimestamp64Micro(stored), -toUnixTimestamp64Micro(stored)),
        if({ascending:Bool}, toString(event_id), '') asc,
        if({ascending:Bool}, '', toString(event_id)) desc
    limit {limit:UInt32}
)

select event_id, event, stored, authority from final
