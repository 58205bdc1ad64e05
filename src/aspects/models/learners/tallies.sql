-- A group summary's tallies (aspects.groups.summary), over the rows of `members` (the roster
-- of the group's learners, which the caller puts in front as that CTE): in one pass, grouping
-- sets of their track, the local date (zone {tz:String}) of their first enrollment and of
-- their latest visit (null: none), and their grade (null: none). `tally` names the set; the
-- rows are few (tracks, dates, distinct grades) where the members are many.
select
    multiIf(grouping(track) = 0, 'track', grouping(enrolled_on) = 0, 'enrolled', grouping(visited_on) = 0, 'visited', 'grade')
        as tally,
    track, enrolled_on, visited_on, grade, count() as learners
from (
    select
        track,
        if(toYear(first_enrolled_at) <= 1970, null, toDate(first_enrolled_at, {tz:String}))
            as enrolled_on,
        if(last_visit is null or toYear(assumeNotNull(last_visit)) <= 1970, null,
            toDate(assumeNotNull(last_visit), {tz:String})) as visited_on,
        grade
    from members
)
group by grouping sets ((track), (enrolled_on), (visited_on), (grade))
