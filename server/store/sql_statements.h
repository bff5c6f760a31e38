// Every statement the store runs, named, parameterised ($n), in one place.
#pragma once

#include <string_view>

namespace investtrack::store::sql {

inline constexpr std::string_view kSetStatementTimeout =
    "SELECT set_config('statement_timeout', $1, true)";
// The session's default, for reads run outside a transaction (kept per pooled connection).
inline constexpr std::string_view kSetSessionStatementTimeout =
    "SELECT set_config('statement_timeout', $1, false)";

// --- bulletins -------------------------------------------------------------------------------
inline constexpr std::string_view kInsertBulletin =
    "INSERT INTO bulletins (source, publication_date, content_hash, raw_text) "
    "VALUES ($1, $2::date, encode(sha256($3::bytea), 'hex'), $3::bytea) "
    "ON CONFLICT (content_hash) DO NOTHING RETURNING id";
inline constexpr std::string_view kFindBulletinByContent =
    "SELECT id FROM bulletins WHERE content_hash = encode(sha256($1::bytea), 'hex')";
inline constexpr std::string_view kLockBulletin =
    "SELECT id, publication_date::text FROM bulletins WHERE id = $1 FOR UPDATE";
inline constexpr std::string_view kMarkBulletinReparsed =
    "UPDATE bulletins SET reparsed_at = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kListBulletins =
    "SELECT id, source, COALESCE(publication_date::text, ''), content_hash, raw_text, "
    "to_char(ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
    "FROM bulletins WHERE id > $1 ORDER BY id LIMIT $2";
inline constexpr std::string_view kEarlierIngestResult =
    "SELECT project_id, bool_or(created_project) FROM project_observations "
    "WHERE bulletin_id = $1 GROUP BY project_id ORDER BY min(mention_index)";
inline constexpr std::string_view kEarlierReviewProjects =
    "SELECT DISTINCT r.project_id FROM review_items r JOIN project_observations o "
    "ON o.id = r.observation_id WHERE o.bulletin_id = $1 ORDER BY r.project_id";

// --- articles --------------------------------------------------------------------------------
inline constexpr std::string_view kInsertArticle =
    "INSERT INTO articles (bulletin_id, article_index, title, article_date, content) "
    "VALUES ($1, $2, $3, $4::date, $5::jsonb)";
inline constexpr std::string_view kDeleteArticles = "DELETE FROM articles WHERE bulletin_id = $1";

// --- entity resolution -----------------------------------------------------------------------
// Projects sharing a name key or alias ($1), an organization ($2), or, in the same city ($3), a
// name containing or contained in the mention's ($4).
inline constexpr std::string_view kFindCandidates =
    "SELECT p.id, p.name_key, "
    "  ARRAY(SELECT a.alias_key FROM project_aliases a WHERE a.project_id = p.id), "
    "  p.organization_keys, p.province, p.city, p.county, p.division_code, "
    "  jsonb_strip_nulls(jsonb_build_object('capacities', p.capacities, 'phases', p.phases))::text "
    "FROM projects p WHERE p.id IN ("
    "  SELECT project_id FROM project_aliases WHERE alias_key = ANY($1::text[]) "
    "  UNION SELECT id FROM projects WHERE organization_keys && $2::text[] "
    "  UNION SELECT id FROM projects WHERE $3 <> '' AND city = $3 AND $4 <> '' "
    "    AND (strpos(name_key, $4) > 0 OR strpos($4, name_key) > 0)) "
    "ORDER BY p.create_time, p.id LIMIT 64";
// Owner claim on a name key: waits for a concurrent claimant and then yields to it.
inline constexpr std::string_view kClaimNameKey =
    "INSERT INTO project_aliases (alias_key, project_id, owner) "
    "VALUES ($1, gen_random_uuid()::text, true) "
    "ON CONFLICT (alias_key) WHERE owner DO NOTHING RETURNING project_id";
inline constexpr std::string_view kAddAlias =
    "INSERT INTO project_aliases (alias_key, project_id, owner) VALUES ($1, $2, false) "
    "ON CONFLICT (alias_key, project_id) DO NOTHING";

// --- projects --------------------------------------------------------------------------------
inline constexpr std::string_view kInsertProjectWithId =
    "INSERT INTO projects (id, display_name, name_key, needs_review) VALUES ($1, $2, $3, $4)";
inline constexpr std::string_view kInsertProject =
    "INSERT INTO projects (display_name, name_key, needs_review) VALUES ($1, $2, $3) RETURNING id";

// The columns project_from_row reads, in its order.
#define INVESTTRACK_PROJECT_COLUMNS                                                              \
  "p.id, p.display_name, p.aliases, p.organizations, p.province, p.city, p.county, p.zone, "     \
  "p.division_code, p.industry, p.total_investment::text, p.currency_code, "                     \
  "CASE WHEN p.composite_pb IS NULL THEN jsonb_strip_nulls(jsonb_build_object("                  \
  "'capacities', p.capacities, 'total_investment_amount', p.total_investment_amount, "           \
  "'amounts', p.amounts, 'floor_area', p.floor_area, 'land_area', p.land_area, "                 \
  "'key_dates', p.key_dates, 'phases', p.phases, 'evidence', p.evidence))::text END, "           \
  "p.level, p.project_code, p.ceremony, p.status, p.status_phrase, p.etag, "                     \
  "(extract(epoch FROM p.create_time) * 1000000)::bigint, "                                      \
  "(extract(epoch FROM p.update_time) * 1000000)::bigint, "                                      \
  "(extract(epoch FROM p.delete_time) * 1000000)::bigint, "                                      \
  "p.manual_fields, p.status_date::text, p.version, p.composite_pb "

inline constexpr std::string_view kSelectProject =
    "SELECT " INVESTTRACK_PROJECT_COLUMNS "FROM projects p WHERE p.id = $1";
inline constexpr std::string_view kSelectProjectForUpdate =
    "SELECT " INVESTTRACK_PROJECT_COLUMNS "FROM projects p WHERE p.id = $1 FOR UPDATE";
inline constexpr std::string_view kListProjectsPrefix =
    "SELECT " INVESTTRACK_PROJECT_COLUMNS;

// $15 is one JSON object holding the composite fields; absent keys store NULL. $25 is the same
// fields as protobuf bytes, which reads parse much faster than the JSON.
inline constexpr std::string_view kWriteProject =
    "UPDATE projects SET display_name = $2, name_key = $3, aliases = $4::text[], "
    "organizations = $5::text[], organization_keys = $6::text[], province = $7, city = $8, "
    "county = $9, zone = $10, division_code = $11, industry = $12, "
    "total_investment = $13::numeric, currency_code = $14, "
    "capacities = $15::jsonb -> 'capacities', "
    "total_investment_amount = $15::jsonb -> 'total_investment_amount', "
    "amounts = $15::jsonb -> 'amounts', floor_area = $15::jsonb -> 'floor_area', "
    "land_area = $15::jsonb -> 'land_area', key_dates = $15::jsonb -> 'key_dates', "
    "phases = $15::jsonb -> 'phases', evidence = $15::jsonb -> 'evidence', "
    "level = $16, project_code = $17, ceremony = $18::boolean, status = $19, "
    "status_phrase = $20, status_date = $21::date, manual_fields = $22::text[], "
    "needs_review = needs_review OR $23::boolean, "
    "version = version + $24::int, "
    "update_time = CASE WHEN $24::int > 0 THEN clock_timestamp() ELSE update_time END, "
    "composite_pb = $25 "
    "WHERE id = $1";
inline constexpr std::string_view kSetDeleted =
    "UPDATE projects SET delete_time = CASE WHEN $2::boolean THEN clock_timestamp() END, "
    "version = version + 1, update_time = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kFlagForReview =
    "UPDATE projects SET needs_review = true WHERE id = $1";

// --- observations and history ----------------------------------------------------------------
inline constexpr std::string_view kInsertObservation =
    "INSERT INTO project_observations (project_id, bulletin_id, mention_index, article_index, "
    "observed_date, observed_status, status_phrase, fields, evidence_sentence, evidence_begin, "
    "evidence_end, match_rule, match_confidence, created_project) "
    "VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8::jsonb, $9, $10, $11, $12, $13::real, $14) "
    "RETURNING id";
inline constexpr std::string_view kProjectObservations =
    "SELECT o.id, o.fields::text, COALESCE(o.observed_date::text, '') FROM project_observations o "
    "WHERE o.project_id = $1 ORDER BY o.observed_date ASC NULLS FIRST, o.bulletin_id, "
    "o.mention_index";
inline constexpr std::string_view kBulletinObservations =
    "SELECT o.id, o.project_id, o.fields::text, o.match_rule, o.match_confidence "
    "FROM project_observations o WHERE o.bulletin_id = $1 ORDER BY o.mention_index";
inline constexpr std::string_view kDeleteBulletinObservations =
    "DELETE FROM project_observations WHERE bulletin_id = $1";
inline constexpr std::string_view kInsertParserStatus =
    "INSERT INTO project_status_history (project_id, status, status_phrase, status_date, source, "
    "observation_id, bulletin_id, evidence_sentence, evidence_begin, evidence_end) "
    "VALUES ($1, $2, $3, $4::date, 'parser', $5, $6, $7, $8, $9)";
inline constexpr std::string_view kInsertManualStatus =
    "INSERT INTO project_status_history (project_id, status, status_phrase, status_date, source, "
    "evidence_sentence) VALUES ($1, $2, $3, current_date, 'manual', $4)";
inline constexpr std::string_view kInsertEdit =
    "INSERT INTO project_edits (project_id, actor, kind, field_path, old_value, new_value, reason) "
    "VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)";
inline constexpr std::string_view kInsertReviewItem =
    "INSERT INTO review_items (project_id, candidate_project_id, observation_id, rule, score, "
    "reason) VALUES ($1, $2, $3, $4, $5::real, $6)";
inline constexpr std::string_view kListReviewItems =
    "SELECT id, project_id, candidate_project_id, rule, score, reason, state, "
    "to_char(create_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
    "FROM review_items WHERE (NOT $1::boolean OR state = 'open') ORDER BY id";

// --- events ----------------------------------------------------------------------------------
#define INVESTTRACK_UTC_TEXT(column) \
  "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
inline constexpr std::string_view kObservationEvents =
    "SELECT " INVESTTRACK_UTC_TEXT("observed_at") ", COALESCE(observed_date::text, ''), "
    "observed_status, status_phrase, bulletin_id, evidence_sentence, COALESCE(evidence_begin, 0), "
    "COALESCE(evidence_end, 0), match_rule, match_confidence "
    "FROM project_observations WHERE project_id = $1 ORDER BY observed_at, id";
inline constexpr std::string_view kStatusEvents =
    "SELECT " INVESTTRACK_UTC_TEXT("recorded_at") ", COALESCE(status_date::text, ''), status, "
    "status_phrase, COALESCE(bulletin_id, 0), evidence_sentence, COALESCE(evidence_begin, 0), "
    "COALESCE(evidence_end, 0), source "
    "FROM project_status_history WHERE project_id = $1 ORDER BY status_date NULLS FIRST, id";
inline constexpr std::string_view kEditEvents =
    "SELECT " INVESTTRACK_UTC_TEXT("edit_time") ", actor, kind, field_path, "
    "COALESCE(old_value::text, ''), COALESCE(new_value::text, ''), reason "
    "FROM project_edits WHERE project_id = $1 ORDER BY edit_time, id";
inline constexpr std::string_view kProjectExists = "SELECT 1 FROM projects WHERE id = $1";

// --- bulletins for the API -------------------------------------------------------------------
// $2: whether to return the stored bytes (FULL view) or an empty value (BASIC view).
inline constexpr std::string_view kGetBulletin =
    "SELECT id, source, COALESCE(publication_date::text, ''), content_hash, "
    "CASE WHEN $2::boolean THEN raw_text ELSE ''::bytea END, "
    INVESTTRACK_UTC_TEXT("ingested_at") " FROM bulletins WHERE id = $1";
// Newest ingest first, keyset on id ($1 = last id of the previous page, 0 = from the newest).
inline constexpr std::string_view kListBulletinsNewestFirst =
    "SELECT id, source, COALESCE(publication_date::text, ''), content_hash, ''::bytea, "
    INVESTTRACK_UTC_TEXT("ingested_at") " FROM bulletins "
    "WHERE ($1::bigint = 0 OR id < $1::bigint) ORDER BY id DESC LIMIT $2";

// --- merges ----------------------------------------------------------------------------------
inline constexpr std::string_view kLockProjects =
    "SELECT id FROM projects WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE";
inline constexpr std::string_view kObservationIdsOf =
    "SELECT id FROM project_observations WHERE project_id = $1 ORDER BY id";
inline constexpr std::string_view kStatusHistoryIdsOf =
    "SELECT id FROM project_status_history WHERE project_id = $1 ORDER BY id";
inline constexpr std::string_view kAliasesOf =
    "SELECT alias_key, owner FROM project_aliases WHERE project_id = $1 ORDER BY alias_key";
inline constexpr std::string_view kMoveObservations =
    "UPDATE project_observations SET project_id = $2 WHERE id = ANY($1::bigint[])";
inline constexpr std::string_view kMoveStatusHistory =
    "UPDATE project_status_history SET project_id = $2 WHERE id = ANY($1::bigint[])";
inline constexpr std::string_view kDeleteAlias =
    "DELETE FROM project_aliases WHERE alias_key = $1 AND project_id = $2";
// Gives $2 the key; as owner when $3, taking over a non-owner row it may already have.
inline constexpr std::string_view kPutAlias =
    "INSERT INTO project_aliases (alias_key, project_id, owner) VALUES ($1, $2, $3::boolean) "
    "ON CONFLICT (alias_key, project_id) DO UPDATE SET owner = project_aliases.owner OR "
    "EXCLUDED.owner";
inline constexpr std::string_view kMarkMerged =
    "UPDATE projects SET delete_time = clock_timestamp(), merged_into = $2, "
    "version = version + 1, update_time = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kClearMerged =
    "UPDATE projects SET delete_time = NULL, merged_into = NULL, version = version + 1, "
    "update_time = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kInsertMerge =
    "INSERT INTO project_merges (survivor_id, survivor_alias_keys, survivor_owned_keys, actor, "
    "reason) VALUES ($1, $2::text[], $3::text[], $4, $5) RETURNING id";
inline constexpr std::string_view kInsertMergeSource =
    "INSERT INTO project_merge_sources (merge_id, source_id, observation_ids, status_history_ids, "
    "alias_keys, owned_alias_keys) VALUES ($1, $2, $3::bigint[], $4::bigint[], $5::text[], "
    "$6::text[])";
inline constexpr std::string_view kLockMerge =
    "SELECT survivor_id, survivor_alias_keys, survivor_owned_keys, split_time IS NOT NULL "
    "FROM project_merges WHERE id = $1 FOR UPDATE";
inline constexpr std::string_view kMergeSources =
    "SELECT source_id, observation_ids, status_history_ids, alias_keys, owned_alias_keys "
    "FROM project_merge_sources WHERE merge_id = $1 ORDER BY source_id";
inline constexpr std::string_view kMarkMergeSplit =
    "UPDATE project_merges SET split_time = clock_timestamp(), split_actor = $2 WHERE id = $1";
inline constexpr std::string_view kDisownAlias =
    "UPDATE project_aliases SET owner = false WHERE alias_key = $1 AND project_id = $2";
inline constexpr std::string_view kInsertMergeEdit =
    "INSERT INTO project_edits (project_id, actor, kind, field_path, new_value, reason) "
    "VALUES ($1, $2, $3, $3, $4::jsonb, $5)";

// --- change feed -----------------------------------------------------------------------------
inline constexpr std::string_view kLastChangeId =
    "SELECT COALESCE(max(change_id), 0) FROM project_changes";
// Transactions in progress now: a change id missing below a visible one belongs to one of them.
inline constexpr std::string_view kInProgressTransactions =
    "SELECT COALESCE(string_agg(x::text, ','), '') FROM pg_snapshot_xip(pg_current_snapshot()) x";
inline constexpr std::string_view kAnyStillInProgress =
    "SELECT EXISTS (SELECT 1 FROM unnest($1::xid8[]) x "
    "WHERE pg_xact_status(x) = 'in progress')";
// Followed by ", <filter condition or true> AS matches FROM ... WHERE c.change_id > $1 ...".
inline constexpr std::string_view kChangesPrefix =
    "SELECT " INVESTTRACK_PROJECT_COLUMNS ", c.change_id, c.change_kind, "
    "(extract(epoch FROM c.change_time) * 1000000)::bigint";

// --- summaries -------------------------------------------------------------------------------
// The grouping key per dimension, as an expression over projects p.
inline constexpr std::string_view kSummaryKeyStatus = "p.status";
inline constexpr std::string_view kSummaryKeyCity = "p.city";
inline constexpr std::string_view kSummaryKeyIndustry = "p.industry";
// The month the project was first reported: its earliest observation's date, else its creation.
inline constexpr std::string_view kSummaryKeyMonth =
    "COALESCE(to_char((SELECT min(o.observed_date) FROM project_observations o "
    "WHERE o.project_id = p.id), 'YYYY-MM'), to_char(p.create_time AT TIME ZONE 'UTC', 'YYYY-MM'))";
// {key} and {condition} are replaced by one of the keys above and a filter condition; the row
// with is_total = true holds the figures over all groups.
inline constexpr std::string_view kSummaryTemplate =
    "SELECT s.key, count(*), "
    "COALESCE(sum(s.total_investment) FILTER (WHERE s.currency_code = 'CNY'), 0)::text, "
    "count(s.total_investment) FILTER (WHERE s.currency_code = 'CNY'), GROUPING(s.key) = 1 "
    "FROM (SELECT {key} AS key, p.total_investment, p.currency_code FROM projects p "
    "WHERE p.delete_time IS NULL AND {condition}) s "
    "GROUP BY GROUPING SETS ((s.key), ())";

}  // namespace investtrack::store::sql
