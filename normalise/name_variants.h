// Copyright 2026 The Linkage Authors.
//
// Given-name variant tables: maps a nickname or variant spelling to one
// canonical name (BILL -> WILLIAM, PEGGY -> MARGARET) so that the given-name
// normaliser can expose a "canonical_first" part.
//
// Table formats (CSV, first line a header; fields may be double-quoted):
//   - Wikidata form, detected by the header columns "original_name" and
//     "alt_name" (data/reference/given_name_variants_wikidata.csv): each row
//     says alt_name is a variant of original_name. Rows whose
//     "name_variant_type" is not in `variant_types` are skipped; the default
//     keeps hypocorism, nickname and diminutive ("shortname" and
//     "said_to_be_the_same_as" link names across languages and sexes).
//   - Any other table: column 1 is a name, column 2 a variant of it, further
//     columns ignored (data/reference/firstname_uk_variant.csv, whose rows list
//     each group once per member).
// Names are normalised like given names (upper-case ASCII, transliterated).
//
// The mapping rule (deterministic, no merging across groups):
//   1. A table's rows form groups: a name in column 1 with all its variants.
//      Groups with exactly the same members are one group (a symmetric table
//      lists a group once per member). A group's representative is its
//      column-1 name, or the alphabetically first of them when several
//      column-1 names share one member set.
//   2. Within a table, a name's candidates are the representatives of the
//      groups it belongs to as a non-representative member. Exactly one
//      candidate: that is its parent. None: no parent. Two or more: if
//      they all lead (rule 4, over one-candidate links) to the same name,
//      that is its parent (PEG, a variant of MARGARET and of PEGGY, which
//      is a variant of MARGARET); otherwise the name is ambiguous and has
//      no parent -- ALEX (of ALEXANDROS and ALEXANDRE) and SANDY (of
//      ALEXANDER, ALEXANDRA and SANDRA) stay themselves, so groups of
//      different names, and of the two sexes, are never joined through
//      them.
//   3. Tables are consulted in the order given; the first table that
//      mentions a name at all decides its parent.
//   4. A name's canonical form is found by following parents to a name with
//      none. Every name has at most one parent, so this never joins two
//      groups that do not already share an unambiguous member; a cycle (only
//      possible in odd directed data) resolves to its alphabetically first
//      member.
// The canonical form is a grouping key: for a symmetric table it is the
// group's alphabetically first member, not necessarily the formal name.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(NameVariants variants,
//                            NameVariants::Load({"data/reference/x.csv"}));
//   variants.Canonical("BILL");  // "WILLIAM"
//   variants.Canonical("ALEX");  // "ALEX" (ambiguous)
//
// Thread-safety: a loaded NameVariants is immutable; const methods may be
// called from many threads at once.
#ifndef LINKAGE_NORMALISE_NAME_VARIANTS_H_
#define LINKAGE_NORMALISE_NAME_VARIANTS_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace linkage {

// The bundled tables, relative to the project's data/ folder, in the order
// "variants": "builtin" loads them.
inline constexpr std::string_view kBuiltinVariantFiles[] = {
    "reference/given_name_variants_wikidata.csv",
    "reference/firstname_uk_variant.csv",
};

// The Wikidata variant types used by default (see above).
std::vector<std::string> DefaultVariantTypes();

// One table to load: its contents and the name used in error messages.
struct VariantTableText {
  std::string source;  // e.g. the file path
  std::string text;    // CSV contents
};

class NameVariants {
 public:
  NameVariants() = default;

  // Reads and parses the CSV files at `paths`, in priority order. Errors:
  // NotFound "<path>: cannot open", InvalidArgument "<path>:<line>: ..." for
  // a malformed row (fewer than 2 fields, invalid UTF-8 or control
  // characters in a name) or a Wikidata header without "name_variant_type".
  static absl::StatusOr<NameVariants> Load(
      std::span<const std::string> paths,
      const std::vector<std::string>& variant_types = DefaultVariantTypes());

  // As Load, from texts already in memory.
  static absl::StatusOr<NameVariants> FromTables(
      std::span<const VariantTableText> tables,
      const std::vector<std::string>& variant_types = DefaultVariantTypes());

  // The canonical form of `name`, which must already be normalised (upper
  // case ASCII, one word, as ParseGivenName produces). Returns `name` itself
  // when it has no mapping. The result stays valid while both this object
  // and `name` live.
  std::string_view Canonical(std::string_view name) const;

  // Number of names that map to a different canonical form.
  std::size_t size() const noexcept { return canonical_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> canonical_;
};

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_NAME_VARIANTS_H_
