// Copyright 2026 The Linkage Authors.
//
// Whether an array is marked for transparent huge pages: the kernel records
// madvise(MADV_HUGEPAGE) as the "hg" flag of the mapping that holds it, in
// /proc/self/smaps. Linux only: HugePageHintsVisible() is false elsewhere,
// and where THP is not built in.
//
//   if (!HugePageHintsVisible()) GTEST_SKIP() << "no transparent huge pages here";
//   EXPECT_TRUE(HasHugePageHint(rows.data()));
#ifndef LINKAGE_TESTS_LINKAGE_HUGE_PAGE_HINT_H_
#define LINKAGE_TESTS_LINKAGE_HUGE_PAGE_HINT_H_

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace linkage::testing {

inline bool HugePageHintsVisible() {
  return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled") &&
         std::ifstream("/proc/self/smaps");
}

// The "VmFlags:" line of the mapping in /proc/self/smaps that holds `p`,
// with a space after it; empty if none does.
inline std::string MappingFlags(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    // A mapping's first line: "start-end perms offset dev inode path".
    std::uintptr_t start = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> start >> dash >> end && dash == '-') {
      inside = start <= address && address < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line + " ";
  }
  return "";
}

// Whether the mapping that holds `p` carries the hint (a test failure if no
// mapping holds it).
inline bool HasHugePageHint(const void* p) {
  const std::string flags = MappingFlags(p);
  EXPECT_FALSE(flags.empty()) << "no mapping holds " << p;
  return flags.find(" hg ") != std::string::npos;
}

}  // namespace linkage::testing

#endif  // LINKAGE_TESTS_LINKAGE_HUGE_PAGE_HINT_H_
