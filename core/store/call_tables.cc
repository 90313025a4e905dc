#include "core/store/call_tables.h"

#include <Poco/Data/Statement.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace shortlist::store {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::use;

namespace {

constexpr const char* kRunsOfCall = "run_id IN (SELECT id FROM runs WHERE call_id = ?)";
constexpr const char* kSubmissionsOfCall =
    "submission_id IN (SELECT id FROM submissions WHERE call_id = ?)";

}  // namespace

const std::vector<Table>& call_tables() {
  static const std::vector<Table> kTables = {
      {"calls",
       {{"id", Type::Text}, {"name", Type::Text}, {"created_at", Type::Text}},
       "id = ?",
       "id",
       {"id"}},
      {"applicants",
       {{"id", Type::Text},
        {"call_id", Type::Text},
        {"name", Type::Text},
        {"country", Type::Text},
        {"type", Type::Text},
        {"email", Type::Text},
        {"created_at", Type::Text}},
       "call_id = ?",
       "id",
       {"id"}},
      {"submissions",
       {{"id", Type::Text},
        {"call_id", Type::Text},
        {"tracking_code", Type::Text},
        {"applicant_name", Type::Text},
        {"applicant_country", Type::Text},
        {"language", Type::Text},
        {"status", Type::Text},
        {"current_version", Type::Integer},
        {"created_at", Type::Text},
        {"applicant_id", Type::Text}},
       "call_id = ?",
       "id",
       {"id"}},
      {"submission_versions",
       {{"submission_id", Type::Text},
        {"version", Type::Integer},
        {"source", Type::Text},
        {"content_hash", Type::Text},
        {"encoding", Type::Text},
        {"title", Type::Text},
        {"document", Type::Text},
        {"received_at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, version",
       {"submission_id", "version"}},
      {"status_history",
       {{"submission_id", Type::Text},
        {"seq", Type::Integer},
        {"status", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, seq",
       {"submission_id", "seq"}},
      {"application_keys",
       {{"submission_id", Type::Text},
        {"key_hash", Type::Text},
        {"language", Type::Text},
        {"created_at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id",
       {"submission_id"}},
      {"deadline_extensions",
       {{"call_id", Type::Text},
        {"seq", Type::Integer},
        {"closes", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"at", Type::Text}},
       "call_id = ?",
       "call_id, seq",
       {"call_id", "seq"}},
      {"runs",
       {{"id", Type::Integer},
        {"call_id", Type::Text},
        {"created_at", Type::Text},
        {"actor", Type::Text},
        {"method", Type::Text},
        {"seed", Type::Integer},
        {"criteria_source", Type::Text},
        {"criteria_content", Type::Text},
        {"criteria_sha256", Type::Text},
        {"inputs_sha256", Type::Text},
        {"report", Type::Text}},
       "call_id = ?",
       "id",
       {"id"}},
      {"run_plugins",
       {{"run_id", Type::Integer},
        {"name", Type::Text},
        {"version", Type::Text},
        {"sha256", Type::Text}},
       kRunsOfCall,
       "run_id, name",
       {"run_id", "name"}},
      {"run_entries",
       {{"run_id", Type::Integer},
        {"rank", Type::Integer},
        {"proposal_id", Type::Text},
        {"title", Type::Text},
        {"score", Type::Real},
        {"shortlisted", Type::Integer}},
       kRunsOfCall,
       "run_id, rank, proposal_id",
       {"run_id", "proposal_id"}},
      {"run_scores",
       {{"run_id", Type::Integer},
        {"proposal_id", Type::Text},
        {"criterion_id", Type::Text},
        {"raw", Type::Real},
        {"normalized", Type::Real},
        {"contribution", Type::Real},
        {"explanation", Type::Text},
        {"plugin", Type::Text},
        {"imputed", Type::Text, ""}},
       kRunsOfCall,
       "run_id, proposal_id, criterion_id",
       {"run_id", "proposal_id", "criterion_id"}},
      {"run_withdrawals",
       {{"run_id", Type::Integer},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"withdrawn_at", Type::Text}},
       kRunsOfCall,
       "run_id",
       {"run_id"}},
      {"feedback_releases",
       {{"call_id", Type::Text},
        {"run_id", Type::Integer},
        {"released_at", Type::Text},
        {"actor", Type::Text}},
       "call_id = ?",
       "call_id",
       {"call_id"}},
      {"jurors",
       {{"call_id", Type::Text},
        {"id", Type::Text},
        {"name", Type::Text},
        {"email", Type::Text},
        {"organisation", Type::Text},
        {"country", Type::Text},
        {"languages", Type::Text},
        {"max_load", Type::Integer},
        {"partners", Type::Text},
        {"added_at", Type::Text}},
       "call_id = ?",
       "id",
       {"call_id", "id"}},
      {"juror_conflicts",
       {{"call_id", Type::Text},
        {"juror_id", Type::Text},
        {"kind", Type::Text},
        {"target", Type::Text},
        {"declared_at", Type::Text}},
       "call_id = ?",
       "juror_id, kind, target",
       {"call_id", "juror_id", "kind", "target"}},
      {"assignments",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"call_id", Type::Text},
        {"manual", Type::Integer},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"assigned_at", Type::Text}},
       "call_id = ?",
       "submission_id, juror_id",
       {"submission_id", "juror_id"}},
      {"assignment_exclusions",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"call_id", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"excluded_at", Type::Text}},
       "call_id = ?",
       "submission_id, juror_id",
       {"submission_id", "juror_id"}},
      {"reviews",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"abstained", Type::Integer},
        {"confidence", Type::Real},
        {"comment", Type::Text},
        {"actor", Type::Text},
        {"submitted_at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, juror_id",
       {"submission_id", "juror_id"}},
      {"review_scores",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"criterion_id", Type::Text},
        {"score", Type::Real},
        {"comment", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, juror_id, criterion_id",
       {"submission_id", "juror_id", "criterion_id"}},
      {"decisions",
       {{"submission_id", Type::Text},
        {"decision", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"decided_at", Type::Text},
        {"released_at", Type::Text},
        {"comment", Type::Text}},
       kSubmissionsOfCall,
       "submission_id",
       {"submission_id"}},
      {"jury_admissions",
       {{"submission_id", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"admitted_at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id",
       {"submission_id"}},
      {"decision_releases",
       {{"call_id", Type::Text},
        {"shown", Type::Text},
        {"released_at", Type::Text},
        {"actor", Type::Text}},
       "call_id = ?",
       "call_id",
       {"call_id"}},
  };
  return kTables;
}

const Table* find_table(std::string_view name) {
  for (const Table& t : call_tables()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

std::size_t column_index(const Table& table, std::string_view name) {
  for (std::size_t k = 0; k < table.columns.size(); ++k) {
    if (name == table.columns[k].name) return k;
  }
  return table.columns.size();
}

std::string column_list(const Table& table) {
  std::string list;
  for (const Column& c : table.columns) list += (list.empty() ? "" : ", ") + std::string(c.name);
  return list;
}

std::string value_text(Type type, const Value& value) {
  switch (type) {
    case Type::Text:
      return value.text;
    case Type::Integer:
      return std::to_string(value.integer);
    case Type::Real: {
      char buffer[32];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.real).ptr;
      return std::string(buffer, end);
    }
  }
  return value.text;
}

Value value_of(Type type, const std::string& text) {
  Value value;
  switch (type) {
    case Type::Text:
      value.text = text;
      break;
    case Type::Integer:
      std::from_chars(text.data(), text.data() + text.size(), value.integer);
      break;
    case Type::Real:
      std::from_chars(text.data(), text.data() + text.size(), value.real);
      break;
  }
  return value;
}

std::vector<std::vector<Value>> select_rows(Database& db, const Table& table,
                                            const std::string& where,
                                            const std::vector<Type>& types,
                                            const std::vector<Value>& parameters,
                                            const std::string& order) {
  const std::size_t n = table.columns.size();
  std::vector<std::vector<std::string>> texts(n);
  std::vector<std::vector<Poco::Int64>> integers(n);
  std::vector<std::vector<double>> reals(n);
  Poco::Data::Statement select(db.session());
  select << db.sql("SELECT " + column_list(table) + " FROM " + table.name +
                   (where.empty() ? "" : " WHERE " + where) +
                   (order.empty() ? "" : " ORDER BY " + order));
  for (std::size_t k = 0; k < n; ++k) {
    switch (table.columns[k].type) {
      case Type::Text:
        select, into(texts[k]);
        break;
      case Type::Integer:
        select, into(integers[k]);
        break;
      case Type::Real:
        select, into(reals[k]);
        break;
    }
  }
  std::vector<Value> bound = parameters;  // Poco binds references
  for (std::size_t i = 0; i < bound.size(); ++i) {
    switch (types[i]) {
      case Type::Text:
        select, use(bound[i].text);
        break;
      case Type::Integer:
        select, use(bound[i].integer);
        break;
      case Type::Real:
        select, use(bound[i].real);
        break;
    }
  }
  select.execute();
  std::vector<std::vector<Value>> rows;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t count = std::max({texts[k].size(), integers[k].size(), reals[k].size()});
    rows.resize(std::max(rows.size(), count), std::vector<Value>(n));
    for (std::size_t i = 0; i < count; ++i) {
      Value& v = rows[i][k];
      switch (table.columns[k].type) {
        case Type::Text:
          v.text = std::move(texts[k][i]);
          break;
        case Type::Integer:
          v.integer = integers[k][i];
          break;
        case Type::Real:
          v.real = reals[k][i];
          break;
      }
    }
  }
  return rows;
}

}  // namespace shortlist::store
