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

/* Reads the whole file dirfd/relpath into b (replacing its content). On failure
 * returns the raw negative errno (-ENOENT, ...) so that callers classify it in
 * context (a missing process file and a missing system file mean different
 * things), or -ENOMEM. The last-error record is not touched. */
PSUTIL__HIDDEN int psutil__read_at(int dirfd, const char *relpath, psutil__buf *b);

/* Like psutil__read_at, for procfs files the kernel produces whole on each read
 * (/proc/PID/stat, statm, status, io, cmdline, environ, fdinfo/N): a read that returns
 * less than it was offered is the end of the file, so one read() suffices where
 * psutil__read_at needs a second to see 0 (procps's file2str relies on the same).
 * Never for multi-record seq_files (smaps, /proc/net/...). */
PSUTIL__HIDDEN int psutil__read_record_at(int dirfd, const char *relpath, psutil__buf *b);

/* Reads a system-wide file below a root into b; failures are classified with
 * psutil__error_from_errno() and recorded with the full path. Returns 0 or a code. */
PSUTIL__HIDDEN int psutil__read_root_file(enum psutil__root_kind kind, const char *relpath,
                                          psutil__buf *b);

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
 * Fails (returns -1, *p untouched) without a digit or on overflow. */
PSUTIL__HIDDEN int psutil__parse_u64(const char **p, const char *end, uint64_t *out);

/* Like psutil__parse_u64, but a number wider than 64 bits saturates at UINT64_MAX
 * (all its digits consumed) instead of failing: the rule for kernel figures whose
 * only fault is size (docs/SUPPORTED_PLATFORMS.md, "Values out of range"). */
PSUTIL__HIDDEN int psutil__parse_u64_sat(const char **p, const char *end, uint64_t *out);

/* Parses a signed decimal integer ("-5", "42") like psutil__parse_u64. */
PSUTIL__HIDDEN int psutil__parse_i64(const char **p, const char *end, int64_t *out);
/* A whole signed field: the number followed only by blanks/newline. */
PSUTIL__HIDDEN int psutil__parse_i64_field(const char *s, size_t len, int64_t *out);

/* Parses a decimal "123", "123.456" or ".5" (after optional blanks), advancing *p.
 * Locale-independent. Returns -1 on no digits or an absurdly long number. */
PSUTIL__HIDDEN int psutil__parse_decimal(const char **p, const char *end, double *out);

/* Parses a whole field: the text is a number followed only by blanks/newline. */
PSUTIL__HIDDEN int psutil__parse_u64_field(const char *s, size_t len, uint64_t *out);

/* 1 if the text from p to end is only blanks (spaces, tabs, newlines). */
PSUTIL__HIDDEN int psutil__only_blanks(const char *p, const char *end);

/* Runs fn over contiguous slices [begin, end) of [0, n): one slice per online CPU (at
 * most max_slices, at most 64) when n >= min_parallel, else a single slice; slice 0 on
 * the calling thread, the others on threads. *nslices receives the slice count. Returns
 * 0, or the first failing slice's code with its detail recorded in this thread. */
PSUTIL__HIDDEN int psutil__run_slices(size_t n, size_t min_parallel, size_t max_slices,
                                      int (*fn)(void *arg, size_t slice, size_t begin, size_t end),
                                      void *arg, size_t *nslices);

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

/* qsort comparator for an array of C strings (char *). */
PSUTIL__HIDDEN int psutil__cmp_cstr(const void *a, const void *b);

/* Checked arithmetic: returns -1 on overflow. */
PSUTIL__HIDDEN int psutil__mul_u64(uint64_t a, uint64_t b, uint64_t *out);
/* Saturating arithmetic: the result stops at UINT64_MAX (or 0) instead of wrapping. */
PSUTIL__HIDDEN uint64_t psutil__sat_mul_u64(uint64_t a, uint64_t b);
PSUTIL__HIDDEN uint64_t psutil__sat_add_u64(uint64_t a, uint64_t b);
PSUTIL__HIDDEN uint64_t psutil__sat_sub_u64(uint64_t a, uint64_t b);

#endif
