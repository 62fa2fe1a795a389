// Copyright 2026 The Linkage Authors.
//
// numeric_compare.h is header-only (the functions are small enough to
// inline into comparison loops); this file keeps one translation unit per
// header, as the folder's convention expects.
#include "comparators/numeric_compare.h"
