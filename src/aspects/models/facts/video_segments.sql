-- Grain: one row per course × video × learner of the scope: the courses {scope_courses},
-- every learner of them ({scope_all:Bool}: a rebuild) or the (course, learner) {scope_pairs}
-- a committed batch touched (their learners {scope_actors} too); the rows of
-- learner_video_segments (schema 0007), inserted, `derived` = now (the latest row wins).
-- METRICS.md "Video", "Segments": per learner and video, statements in (timestamp, stored,
-- statement id) order, whatever requests they arrived in; a `played` at position `time` opens
-- a segment; the first `paused`, `seeked` (at time-from), `terminated` or `completed` after it
-- closes it (a `completed` without a position closes at the video length: that statement's,
-- else the longest any statement of the video reports — flagged here, resolved when read, as
-- it depends on other learners' statements); a segment still open at the next `played` (or at
-- the end) is dropped. Zero and negative spans are dropped when read (models/views).
-- Every (course, video, learner) with a video statement, voided or not, gets a row (empty when
-- nothing is left): a voiding can never leave an older row standing.
-- The summary columns (schema 0011) are what models/video/watchers_whole.sql and the video
-- funnel read over a course's whole history: reported_length over every video statement of
-- theirs (any verb, as the watchers' lengths), peak / covered / sweep over the positioned
-- segments with a positive span (the ones the view keeps; a segment covers the seconds
-- greatest(floor(start), 0) … ceil(end) − 1), open_starts for those ending at the length.
-- Paired with arrays, not window functions (half the time on a 795k-statement course): per
-- learner × video the statements are gathered, sorted, and each `played` is paired with the
-- statement right after it, which closes it unless it is another `played`.
insert into learner_video_segments
    (course_key, video_key, actor_id, segments, longest_length, reported_length, peak, covered,
    seconds, last_end, open_starts, sweep, derived)
with
video_statements as (
    select
        course_key, actor_id, block_key as video_key,
        groupArrayIf(tuple(
            emission_time, stored, toString(event_id),
            verb_id = 'https://w3id.org/xapi/video/verbs/played',
            verb_id = 'http://adlnet.gov/expapi/verbs/completed',
            video_time,
            multiIf(
                verb_id = 'https://w3id.org/xapi/video/verbs/seeked', video_time_from,
                verb_id = 'http://adlnet.gov/expapi/verbs/completed',
                coalesce(video_time, video_length),
                video_time
            )
        ), not voided and segment_verb) as unsorted,
        maxIf(video_length, not voided and segment_verb) as learner_longest,
        maxIf(video_length, not voided) as reported_length
    from (
        -- xAPI 1.0.3 Part 2 §2.3.2: a voided statement counts for nothing.
        select
            *,
            event_id in {{lrs/voided_ids}} as voided,
            verb_id in (
                'https://w3id.org/xapi/video/verbs/played',
                'https://w3id.org/xapi/video/verbs/paused',
                'https://w3id.org/xapi/video/verbs/seeked',
                'http://adlnet.gov/expapi/verbs/terminated',
                'http://adlnet.gov/expapi/verbs/completed'
            ) as segment_verb
        from xapi_events_all
    )
    where block_type = 'video'
        and course_key != '' and actor_id != ''
        and course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
    group by course_key, actor_id, video_key
),

ordered as (
    select
        course_key, actor_id, video_key, learner_longest, reported_length,
        arraySort(s -> (s.1, s.2, s.3), unsorted) as events
    from video_statements
),

-- (start, end, opened_at, closed_at, closes_at_length) per `played` and the statement after it.
paired as (
    select
        course_key, video_key, actor_id, learner_longest, reported_length,
        arrayMap(
            i -> tuple(
                events[i].6, events[i + 1].7, events[i].1, events[i + 1].1,
                events[i + 1].5 and events[i + 1].7 is null
            ),
            arrayFilter(
                i -> events[i].4 and i < length(events) and not events[i + 1].4,
                arrayEnumerate(events)
            )
        ) as candidates
    from ordered
),

fresh as (
    select
        course_key, video_key, actor_id, reported_length,
        cast(
            arrayFilter(s -> s.1 is not null and (s.2 is not null or s.5), candidates),
            'Array(Tuple(Nullable(Float64), Nullable(Float64), DateTime64(6, \'UTC\'), DateTime64(6, \'UTC\'), Bool))'
        ) as segments,
        learner_longest as longest_length
    from paired
),

summed as (
    select
        *,
        arrayMap(
            s -> tuple(assumeNotNull(s.1), assumeNotNull(s.2)),
            arrayFilter(s -> not s.5 and s.2 > s.1 and s.2 > 0, segments)
        ) as positioned,
        arraySort(arrayConcat(
            arrayMap(s -> tuple(toInt64(greatest(floor(s.1), 0)), toInt8(1)), positioned),
            arrayMap(s -> tuple(toInt64(ceil(s.2)), toInt8(-1)), positioned)
        )) as events,
        arrayCumSum(arrayMap(e -> toInt64(e.2), events)) as running
    from fresh
)

-- The stretches: from where the coverage rises from 0 to where it falls back to 0.
select
    course_key, video_key, actor_id, segments, longest_length, reported_length,
    toUInt32(if(empty(running), 0, arrayMax(running))) as peak,
    arrayMap(
        (a, b) -> tuple(events[a].1, events[b].1),
        arrayFilter(i -> running[i] > 0 and (i = 1 or running[i - 1] = 0), arrayEnumerate(events)),
        arrayFilter(i -> running[i] = 0 and i > 1 and running[i - 1] > 0, arrayEnumerate(events))
    ) as covered,
    arraySum(arrayMap(r -> r.2 - r.1, covered)) as seconds,
    if(empty(covered), 0, covered[-1].2) as last_end,
    arrayMap(s -> assumeNotNull(s.1), arrayFilter(s -> s.5, segments)) as open_starts,
    if(empty(open_starts), [], events) as sweep,
    now64(6)
from summed
