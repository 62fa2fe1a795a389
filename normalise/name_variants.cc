// Copyright 2026 The Linkage Authors.
#include "normalise/name_variants.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "normalise/internal/unicode.h"
#include "normalise/text.h"

namespace linkage {
namespace {

// Splits one CSV line; double quotes with "" escapes.
std::vector<std::string> SplitCsv(std::string_view line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field.push_back(c);
    }
  }
  fields.push_back(std::move(field));
  return fields;
}

// Normalises a table entry like a given name. Empty result: skip the row.
absl::Status NormaliseEntry(std::string_view raw, std::string_view where,
                            std::string* out) {
  std::string folded;
  const Issue issue = internal::FoldToUpperAscii(raw, 1024, true, &folded);
  out->clear();
  if (issue != Issue::kNone) {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(where), ": name \"", ToAbsl(raw), "\" is ",
        ToAbsl(IssueName(issue))));
  }
  CollapseWords(folded, /*keep_digits=*/false, out);
  return absl::OkStatus();
}

struct ParsedTable {
  // Every name the table mentions.
  std::vector<std::string> names;
  // name -> its parent within this table (only names with exactly one).
  absl::flat_hash_map<std::string, std::string> parent;
  // name -> its candidates, for names with two or more.
  absl::flat_hash_map<std::string, std::vector<std::string>> several;
};

absl::StatusOr<ParsedTable> ParseTable(
    const VariantTableText& table,
    const absl::flat_hash_set<std::string>& variant_types) {
  std::size_t canonical_col = 0, variant_col = 1;
  std::size_t type_col = static_cast<std::size_t>(-1);
  // column-1 name -> its members (including itself).
  std::map<std::string, std::vector<std::string>> groups;
  std::istringstream in(table.text);
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = absl::StrCat(table.source, ":", line_number);
    if (line_number == 1) {
      std::vector<std::string> header = SplitCsv(line);
      auto col = [&](std::string_view name) {
        for (std::size_t i = 0; i < header.size(); ++i) {
          if (header[i] == name) return i;
        }
        return static_cast<std::size_t>(-1);
      };
      if (col("original_name") != static_cast<std::size_t>(-1) &&
          col("alt_name") != static_cast<std::size_t>(-1)) {
        canonical_col = col("original_name");
        variant_col = col("alt_name");
        type_col = col("name_variant_type");
        if (type_col == static_cast<std::size_t>(-1)) {
          return absl::InvalidArgumentError(absl::StrCat(
              where, ": a Wikidata-style header needs name_variant_type"));
        }
      } else if (header.size() < 2) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": header needs at least 2 columns (name, variant)"));
      }
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> fields = SplitCsv(line);
    const std::size_t needed =
        std::max({canonical_col, variant_col,
                  type_col == static_cast<std::size_t>(-1) ? 0 : type_col}) +
        1;
    if (fields.size() < needed) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": expected at least ", needed, " fields, found ",
          fields.size()));
    }
    if (type_col != static_cast<std::size_t>(-1) &&
        !variant_types.contains(fields[type_col])) {
      continue;
    }
    std::string canonical, variant;
    LINKAGE_RETURN_IF_ERROR(
        NormaliseEntry(fields[canonical_col], where, &canonical));
    LINKAGE_RETURN_IF_ERROR(
        NormaliseEntry(fields[variant_col], where, &variant));
    if (canonical.empty() || variant.empty()) continue;
    std::vector<std::string>& members = groups[canonical];
    if (members.empty()) members.push_back(canonical);
    members.push_back(std::move(variant));
  }
  // Rule 1: identical member sets are one group; representative = the
  // alphabetically first column-1 name (std::map iterates in order).
  std::map<std::vector<std::string>, std::string> representative;
  for (auto& [key, members] : groups) {
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    representative.emplace(members, key);
  }
  // Rule 2: one candidate -> parent; several -> ambiguous.
  std::map<std::string, std::vector<std::string>> candidates;
  for (const auto& [members, rep] : representative) {
    for (const std::string& member : members) {
      std::vector<std::string>& list = candidates[member];
      if (member != rep) list.push_back(rep);
    }
  }
  ParsedTable parsed;
  for (auto& [name, reps] : candidates) {
    std::sort(reps.begin(), reps.end());
    reps.erase(std::unique(reps.begin(), reps.end()), reps.end());
    if (reps.size() == 1) parsed.parent.emplace(name, reps[0]);
    if (reps.size() > 1) parsed.several.emplace(name, reps);
    parsed.names.push_back(name);
  }
  return parsed;
}

// Follows `parent` links from `name` to a name without one; a cycle
// resolves to its alphabetically first member. The result points into
// `parent` or at `name`.
std::string_view RootOf(
    const absl::flat_hash_map<std::string, std::string>& parent,
    std::string_view name) {
  std::vector<std::string_view> path = {name};
  absl::flat_hash_map<absl::string_view, std::size_t> seen = {
      {ToAbsl(name), 0}};
  while (true) {
    auto it = parent.find(ToAbsl(path.back()));
    if (it == parent.end()) return path.back();
    auto [seen_it, inserted] =
        seen.emplace(absl::string_view(it->second), path.size());
    if (!inserted) {
      return *std::min_element(path.begin() + seen_it->second, path.end());
    }
    path.push_back(it->second);
  }
}

}  // namespace

std::vector<std::string> DefaultVariantTypes() {
  return {"hypocorism", "nickname", "diminutive"};
}

absl::StatusOr<NameVariants> NameVariants::Load(
    std::span<const std::string> paths,
    const std::vector<std::string>& variant_types) {
  std::vector<VariantTableText> tables;
  for (const std::string& path : paths) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
    }
    std::ostringstream buffer;
    buffer << file.rdbuf();
    if (file.bad()) {
      return absl::DataLossError(absl::StrCat(path, ": read error"));
    }
    tables.push_back({path, buffer.str()});
  }
  return FromTables(tables, variant_types);
}

absl::StatusOr<NameVariants> NameVariants::FromTables(
    std::span<const VariantTableText> tables,
    const std::vector<std::string>& variant_types) {
  const absl::flat_hash_set<std::string> types(variant_types.begin(),
                                               variant_types.end());
  // Rule 3: the first table that mentions a name decides its parent.
  absl::flat_hash_set<std::string> decided;
  absl::flat_hash_map<std::string, std::string> parent;
  absl::flat_hash_map<std::string, std::vector<std::string>> several;
  for (const VariantTableText& table : tables) {
    LINKAGE_ASSIGN_OR_RETURN(ParsedTable parsed, ParseTable(table, types));
    for (const std::string& name : parsed.names) {
      if (!decided.insert(name).second) continue;
      if (auto it = parsed.parent.find(name); it != parsed.parent.end()) {
        parent.emplace(name, it->second);
      } else if (auto many = parsed.several.find(name);
                 many != parsed.several.end()) {
        several.emplace(name, std::move(many->second));
      }
    }
  }
  // Rule 2, second half: several candidates that all lead to one root.
  absl::flat_hash_map<std::string, std::string> agreed;
  for (const auto& [name, candidates] : several) {
    std::string_view common = RootOf(parent, candidates[0]);
    bool agree = true;
    for (const std::string& candidate : candidates) {
      agree = agree && RootOf(parent, candidate) == common;
    }
    if (agree && common != name) agreed.emplace(name, std::string(common));
  }
  for (auto& [name, root] : agreed) parent.emplace(name, std::move(root));
  // Rule 4: follow parents to a root.
  NameVariants variants;
  for (const auto& [name, unused] : parent) {
    const std::string_view root = RootOf(parent, name);
    if (root != name) variants.canonical_.emplace(name, std::string(root));
  }
  return variants;
}

std::string_view NameVariants::Canonical(std::string_view name) const {
  auto it = canonical_.find(ToAbsl(name));
  if (it == canonical_.end()) return name;
  return it->second;
}

}  // namespace linkage
