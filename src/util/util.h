/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * util.h - checked parsing and file helpers used by every backend: a growable
 * buffer, a whole-file read relative to a directory fd, a line cursor, and number
 * parsers that reject overflow and stray text instead of guessing (no atoi, no
 * strtod: strtod obeys the locale's decimal point).
 */
#ifndef PSUTIL_UTIL_H
#define PSUTIL_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "../internal.h"

/* A growable byte buffer; data is always NUL-terminated after a successful read. */
typedef struct psutil__buf {
    char *data;
    size_t len;
    size_t cap;
} psutil__buf;

PSUTIL__HIDDEN void psutil__buf_release(psutil__buf *b);
/* Grows b to hold at least want bytes (doubling from 4 KiB). 0, or PSUTIL_ENOMEM (not
 * recorded: the caller records with its context). */
PSUTIL__HIDDEN int psutil__buf_reserve(psutil__buf *b, size_t want);

/* A cursor over the lines of a buffer. */
typedef struct psutil__lines {
    const char *p;
    const char *end;
} psutil__lines;

PSUTIL__HIDDEN void psutil__lines_init(psutil__lines *it, const char *buf, size_t len);
/* Yields the next line without its '\n'; returns 0 when there is none. */
PSUTIL__HIDDEN int psutil__lines_next(psutil__lines *it, const char **line, size_t *len);

/* Skips spaces and tabs. */
PSUTIL__HIDDEN const char *psutil__skip_blanks(const char *p, const char *end);

/* Parses an unsigned decimal at *p (after optional blanks), advancing *p past it.
 * Fails (returns PSUTIL_EPARSE, not recorded: the caller records with the line it
 * reads; *p untouched) without a digit or on overflow. The other parsers below return
 * the same. */
PSUTIL__HIDDEN int psutil__parse_u64(const char **p, const char *end, uint64_t *out);

/* Like psutil__parse_u64, but a number wider than 64 bits saturates at UINT64_MAX
 * (all its digits consumed) instead of failing: the rule for kernel figures whose
 * only fault is size (docs/SUPPORTED_PLATFORMS.md, "Values out of range"). */
PSUTIL__HIDDEN int psutil__parse_u64_sat(const char **p, const char *end, uint64_t *out);

/* Parses a signed decimal integer ("-5", "42") like psutil__parse_u64. */
PSUTIL__HIDDEN int psutil__parse_i64(const char **p, const char *end, int64_t *out);
/* Like psutil__parse_i64, but a magnitude past 64 bits saturates at INT64_MAX (INT64_MIN
 * when negative), and the digits must follow the sign at once: the rule for kernel
 * figures printed as unsigned long that may pass INT64_MAX. */
PSUTIL__HIDDEN int psutil__parse_i64_sat(const char **p, const char *end, int64_t *out);
/* A whole signed field: the number followed only by blanks/newline. */
PSUTIL__HIDDEN int psutil__parse_i64_field(const char *s, size_t len, int64_t *out);

/* Parses a decimal "123", "123.456" or ".5" (after optional blanks), advancing *p.
 * Locale-independent. PSUTIL_EPARSE on no digits or an absurdly long number. */
PSUTIL__HIDDEN int psutil__parse_decimal(const char **p, const char *end, double *out);

/* Parses a whole field: the text is a number followed only by blanks/newline. */
PSUTIL__HIDDEN int psutil__parse_u64_field(const char *s, size_t len, uint64_t *out);

/* 1 if the text from p to end is only blanks (spaces, tabs, newlines). */
PSUTIL__HIDDEN int psutil__only_blanks(const char *p, const char *end);

/* 1 if s[0..n) can be a name the API hands out as a C string: not empty, no NUL (a NUL
 * would cut it short, and "" is the totals' name). Kernel files never break this; a
 * file that does is malformed. */
PSUTIL__HIDDEN int psutil__is_name(const char *s, size_t n);

/* A hash index over entries stored by the caller (src/util/index.c). Zero-initialise it;
 * release it with psutil__index_release(). */
typedef struct psutil__index {
    struct psutil__index_slot {
        uint64_t hash;
        size_t pos1; /* the entry's position + 1; 0 marks a free slot */
    } * v;
    size_t cap, n;
} psutil__index;

PSUTIL__HIDDEN uint64_t psutil__hash_bytes(const void *p, size_t n);
/* Finds the entry with this hash for which same(ctx, pos) says it is the key: returns 1
 * and its position in *pos. Otherwise records new_pos under the hash and returns 0 with
 * *pos = new_pos. PSUTIL_ENOMEM when the index cannot grow. Amortised O(1). */
PSUTIL__HIDDEN int psutil__index_find_or_add(psutil__index *x, uint64_t hash,
                                             int (*same)(void *ctx, size_t pos), void *ctx,
                                             size_t new_pos, size_t *pos);
PSUTIL__HIDDEN void psutil__index_release(psutil__index *x);

/* A process's memory maps built region by region (src/util/maps.c): each region a
 * record, or, grouped, one record per path in first-seen order with its sizes summed.
 * Initialise with psutil__maps_init; psutil__maps_finish produces the list; always
 * release. */
typedef struct psutil__maps {
    psutil__pack pk;
    int grouped;
    psutil__index paths; /* grouped: path -> record position */
    const char *path;    /* the path being looked up */
    size_t plen;
} psutil__maps;

PSUTIL__HIDDEN void psutil__maps_init(psutil__maps *m, int grouped);
/* Adds one region: its path (plen bytes), addr and perms (left empty when grouped) and
 * its sizes (the size fields of *sizes; its string fields are ignored). Returns 0,
 * PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__maps_add(psutil__maps *m, const char *path, size_t plen,
                                    const char *addr, size_t alen, const char *perms,
                                    size_t permlen, const psutil_memory_map_t *sizes);
PSUTIL__HIDDEN int psutil__maps_finish(psutil__maps *m, psutil_memory_map_t **out, size_t *out_n);
PSUTIL__HIDDEN void psutil__maps_release(psutil__maps *m);

/* qsort comparator for an array of C strings (char *). */
PSUTIL__HIDDEN int psutil__cmp_cstr(const void *a, const void *b);

/* Checked arithmetic: returns -1 on overflow. */
PSUTIL__HIDDEN int psutil__mul_u64(uint64_t a, uint64_t b, uint64_t *out);
/* Saturating arithmetic: the result stops at UINT64_MAX (or 0) instead of wrapping. */
PSUTIL__HIDDEN uint64_t psutil__sat_mul_u64(uint64_t a, uint64_t b);
PSUTIL__HIDDEN uint64_t psutil__sat_add_u64(uint64_t a, uint64_t b);
PSUTIL__HIDDEN uint64_t psutil__sat_sub_u64(uint64_t a, uint64_t b);

#endif
