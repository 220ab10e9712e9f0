/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * internal.h - helpers shared inside the library and never exported: the last-error
 * record, allocation wrappers that a test can make fail, the sampler check, and the
 * procfs/sysfs roots. Backends include this and os.h; the CLI includes neither.
 */
#ifndef PSUTIL_INTERNAL_H
#define PSUTIL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "psutil.h"

/* Not exported. A Windows DLL exports only what is marked dllexport (PSUTIL_API), and PE
 * has no visibility attribute (GCC warns it away): the Windows build defines it empty
 * (Makefile, BACKEND=windows). */
#ifndef PSUTIL__HIDDEN
#define PSUTIL__HIDDEN __attribute__((visibility("hidden")))
#endif

/* printf-style checking. The Windows build uses mingw-w64's C99 stdio
 * (__USE_MINGW_ANSI_STDIO=1, so %zu and %llu work), which GCC checks as gnu_printf: the
 * Makefile sets PSUTIL__PRINTF_KIND so. */
#ifndef PSUTIL__PRINTF_KIND
#define PSUTIL__PRINTF_KIND printf
#endif
#define PSUTIL__PRINTF(fmt, args) __attribute__((format(PSUTIL__PRINTF_KIND, fmt, args)))

/* --- errors (src/error.c) ------------------------------------------------------ */

/* One convention inside the library, as outside it: a fallible function returns 0 or a
 * PSUTIL_E* code, never a raw errno, -1 or 1. Where a caller must decide on the errno
 * (a missing process file is "gone", a missing system file is not), the errno travels
 * in an explicit `int *err` out parameter (psutil__read_at); where absence is not an
 * error it travels in an explicit flag (`*missing`, `*absent`) or as a code the caller
 * maps, unrecorded. The last-error record is written where the context is known
 * (psutil__error, psutil__error_context) and never read back to decide anything. Only
 * predicates (is_zero, label_is) answer 0 or 1, and they cannot fail. */

/* Records code, errno, path and a printf-style detail in the thread's last-error
 * record and returns code, so a failure site reads `return psutil__error(...)`. */
PSUTIL__HIDDEN int psutil__error(int code, int os_errno, const char *path, const char *fmt, ...)
    PSUTIL__PRINTF(4, 5);

/* Adds context to the failure just recorded, at the edge that knows it: path (when not
 * NULL) replaces the record's path, and fmt (when not NULL) is prefixed to its detail as
 * "fmt: detail". Returns the recorded code, so a site reads
 * `return psutil__error_context(path, NULL)`. Code and errno stay: nothing inside the
 * library reads the record back to decide what to do (psutil_last_error() is the
 * caller's). */
PSUTIL__HIDDEN int psutil__error_context(const char *path, const char *fmt, ...)
    PSUTIL__PRINTF(2, 3);

/* Classifies an errno from reading a system-wide file: EACCES/EPERM is access denied,
 * ENOMEM no memory, anything else (ENOENT included: the kernel lacks the file) is an
 * OS error. Records it with path and returns the code. */
PSUTIL__HIDDEN int psutil__error_from_errno(int os_errno, const char *path);

/* --- caller-placed handles ------------------------------------------------------ */

/* The stamp that marks a caller-placed struct (sampler, nowrap tracker) as initialised
 * by us: it binds a type's magic, the struct's own address and its state pointer, so a
 * zeroed, garbage, copied or destroyed struct is recognised and refused. */
static inline uint64_t psutil__stamp(const void *handle, const void *state, uint64_t magic)
{
    return magic ^ (uint64_t)(uintptr_t)handle ^ ((uint64_t)(uintptr_t)state << 1);
}

/* --- allocation (src/util/alloc.c) --------------------------------------------- */

/* Every allocation goes through these so that tests can fail the Nth one. */
PSUTIL__HIDDEN void *psutil__malloc(size_t size);
PSUTIL__HIDDEN void *psutil__calloc(size_t n, size_t size);
PSUTIL__HIDDEN void *psutil__realloc(void *p, size_t size);
PSUTIL__HIDDEN void psutil__dealloc(void *p);

/* Growable arrays, the one way the library grows one. `array` is the address of the
 * array's pointer (T **), items are `size` bytes.
 * psutil__grow: room for item n; when n reaches *cap the array doubles (from `first`
 * items) and *cap follows. psutil__resize: exactly cap items. psutil__grown_cap: the
 * capacity after cap, for arrays grown in step. Each returns 0, or PSUTIL_ENOMEM
 * recorded with `what` (the array and *cap unchanged; a size that overflows is no
 * memory too). */
PSUTIL__HIDDEN int psutil__grow(void *array, size_t *cap, size_t n, size_t size, size_t first,
                                const char *what);
PSUTIL__HIDDEN int psutil__resize(void *array, size_t cap, size_t size, const char *what);
PSUTIL__HIDDEN size_t psutil__grown_cap(size_t cap, size_t first);

/* Test seam: the nth allocation from now (1 = the next) fails, then all succeed
 * again; 0 disables. Not thread-safe; for tests only. */
PSUTIL__HIDDEN void psutil__test_fail_alloc_after(long nth);

/* --- constants and clocks (the OS layer: src/unix/sysconst.c) ------------------ */

/* sysconf(_SC_CLK_TCK) and sysconf(_SC_PAGESIZE), cached lazily and thread-safely;
 * fall back to 100 and 4096 if sysconf cannot say. */
PSUTIL__HIDDEN long psutil__clock_ticks(void);
PSUTIL__HIDDEN long psutil__page_size(void);

/* Seconds on the monotonic clock. */
PSUTIL__HIDDEN double psutil__monotonic(void);

/* Sleeps for seconds (> 0, any size), resuming after signals. */
PSUTIL__HIDDEN void psutil__sleep(double seconds);

/* --- sendfile test seams (src/unix/sendfile.c) -------------------------------- */

/* no_zero_copy: skip sendfile(2) and use the read+send path. fail_errno != 0: the
 * zero-copy path fails with that errno once fail_after bytes have gone out. For tests
 * only; not thread-safe. */
PSUTIL__HIDDEN void psutil__test_sendfile_seams(int no_zero_copy, uint64_t fail_after,
                                                int fail_errno);

/* --- process control test seam (src/<os>/proc_control.c) ------------------------- */

/* Makes signals and waits take the path of kernels without pidfds (kill, waitpid,
 * polling). For tests only; not thread-safe. */
PSUTIL__HIDDEN void psutil__test_no_pidfd(int on);

/* The fd budget of monitors created from now on: n >= 0 replaces half the soft
 * RLIMIT_NOFILE (0: every row read by opening its files, as when fds ran out), -1
 * restores it. For tests only; not thread-safe. */
PSUTIL__HIDDEN void psutil__test_monitor_fd_budget(long n);

/* Makes psutil_net_connections read /proc/net as on a system without sock_diag. For
 * tests only; not thread-safe. */
PSUTIL__HIDDEN void psutil__test_net_no_netlink(int on);

/* --- roots (src/roots.c) ------------------------------------------------------- */

/* The public enum psutil_root_kind, under the names the backends use. */
enum psutil__root_kind {
    PSUTIL__ROOT_PROC = PSUTIL_ROOT_PROC,
    PSUTIL__ROOT_SYS = PSUTIL_ROOT_SYS,
    PSUTIL__ROOT_RUN = PSUTIL_ROOT_RUN
};

#define PSUTIL__ROOT_MAX 1024

/* Copies the root in force for kind (setter, then HOST_PROC/HOST_SYS/HOST_RUN, then default)
 * into buf (PSUTIL__ROOT_MAX bytes). */
PSUTIL__HIDDEN void psutil__root_path(enum psutil__root_kind kind, char *buf);

/* 1 when neither a setter nor an environment variable moved the root: the live
 * system is being read, so libc calls that read it themselves agree with it. */
PSUTIL__HIDDEN int psutil__root_is_default(enum psutil__root_kind kind);

/* --- process handles (src/proc.c, src/<os>/proc*.c) ------------------------------ */

struct psutil_proc_t {
    psutil_pid_t pid;
    uint64_t start;   /* start time in the OS's own unit (Linux: ticks since boot) */
    int oneshot;      /* depth of nested oneshot windows */
    void *os_cache;   /* the backend's oneshot cache, NULL outside a window */
    int have_cpu;     /* cpu_percent: a previous sample exists */
    double cpu_last;  /* s of CPU at the previous sample */
    double wall_last; /* monotonic s at the previous sample */
};

/* --- result blocks (src/util/pack.c) ------------------------------------------ */

/* Builds a list result: fixed-size records whose string fields point into the same
 * block, so the caller frees everything with one psutil_free(). Records are added with
 * their string fields holding offsets returned by psutil__pack_str(); psutil__pack_finish
 * turns them into pointers. */
typedef struct psutil__pack {
    size_t recsize;
    const size_t *str_fields; /* offsetof() of each const char * field */
    size_t nfields;
    char *recs;
    size_t n, cap;
    char *strs;
    size_t slen, scap;
} psutil__pack;

PSUTIL__HIDDEN void psutil__pack_init(psutil__pack *pk, size_t recsize, const size_t *str_fields,
                                      size_t nfields);
/* The way to call it: with the record type's layout (src/util/layouts.c), which counts
 * its string fields (a hand-written count went stale once a field was added). */
#define PSUTIL__PACK_INIT(pk, layout)                                                              \
    psutil__pack_init((pk), (layout).size, (layout).strs, (layout).nstrs)
/* Appends n bytes of s and a NUL; *off receives the offset to store in a string field.
 * Returns 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__pack_str(psutil__pack *pk, const char *s, size_t n, const char **off);
/* Makes room for n more records and bytes more string bytes (a hint that saves regrowth
 * when the count is known). Returns 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__pack_reserve(psutil__pack *pk, size_t n, size_t bytes);
/* Appends a copy of the record. Returns 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__pack_add(psutil__pack *pk, const void *rec);
/* Moves src's records and strings to the end of dst (string offsets shifted), leaving
 * src empty. Returns 0 or PSUTIL_ENOMEM (src untouched). */
PSUTIL__HIDDEN int psutil__pack_append(psutil__pack *dst, psutil__pack *src);
/* The block psutil__pack_finish would produce, leaving the builder as it is. Returns 0
 * or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__pack_copy(const psutil__pack *pk, void **out);
/* Produces the block (even for 0 records) and releases the builder. */
PSUTIL__HIDDEN int psutil__pack_finish(psutil__pack *pk, void **out, size_t *out_n);
/* For a builder reused pass after pass (the process monitor): forgets its records and
 * strings, keeping the memory. */
PSUTIL__HIDDEN void psutil__pack_reset(psutil__pack *pk);
/* Turns the records' string offsets into pointers in place and returns the records
 * (NULL when there are none yet): valid until the builder is reset or released, and
 * nothing may be added before. */
PSUTIL__HIDDEN void *psutil__pack_view(psutil__pack *pk);
PSUTIL__HIDDEN void psutil__pack_release(psutil__pack *pk);

/* --- the caller's sizes (src/util/sized.c; the rule is psutil.h's "ABI") ----------- */

/* The layout of a list record type: its size and alignment, and its string fields (the
 * offset of each const char *, and the offset of a size_t holding its length for text
 * that holds NULs, PSUTIL__NUL_ENDED when a NUL ends it). One per type, in
 * src/util/layouts.c, used by the packer and by the stride conversion. */
#define PSUTIL__NUL_ENDED SIZE_MAX
typedef struct psutil__layout {
    size_t size, align;
    const size_t *strs, *lens;
    size_t nstrs;
} psutil__layout;

#define PSUTIL__LAYOUT(type, strs, lens)                                                           \
    {                                                                                              \
        sizeof(type), _Alignof(type), (strs), (lens), sizeof(strs) / sizeof((strs)[0])             \
    }
#define PSUTIL__LAYOUT_PLAIN(type)                                                                 \
    {                                                                                              \
        sizeof(type), _Alignof(type), NULL, NULL, 0                                                \
    }

PSUTIL__HIDDEN extern const psutil__layout psutil__layout_cpu_times, psutil__layout_cpu_percent,
    psutil__layout_cpu_freq, psutil__layout_meminfo_field, psutil__layout_vmstat_field,
    psutil__layout_disk_partition, psutil__layout_disk_io, psutil__layout_temperature,
    psutil__layout_fan, psutil__layout_user, psutil__layout_env_var, psutil__layout_thread,
    psutil__layout_open_file, psutil__layout_memory_map, psutil__layout_proc_row,
    psutil__layout_net_io, psutil__layout_net_addr, psutil__layout_net_stats,
    psutil__layout_net_counter, psutil__layout_schedstat, psutil__layout_cooling_device,
    psutil__layout_md_array, psutil__layout_softnet, psutil__layout_net_arp,
    psutil__layout_connection, psutil__layout_cgroup, psutil__layout_cgroup_stat,
    psutil__layout_win_service;

/* Copies the library's `own` bytes of a result to the caller's struct of `size` bytes:
 * the first min(size, own), zeros past own when the caller's struct is larger. */
PSUTIL__HIDDEN void psutil__copy_out(void *out, size_t size, const void *v, size_t own);

/* Lays the list block *block (n records of the library's size) at the caller's stride:
 * a no-op when they agree; else a new block whose records hold the first
 * min(stride, size) bytes of each (zeros after), whose strings are the old block's with
 * each pointer field the caller has moved to them, and the old block is freed. 0, or
 * PSUTIL_ENOMEM with the old block freed and *block NULL. */
PSUTIL__HIDDEN int psutil__restride(void **block, size_t n, const psutil__layout *l, size_t stride);

/* Checks a caller's size or stride for a type: non-zero, and a stride a multiple of the
 * type's alignment (records of a list must stay aligned). PSUTIL_EINVAL otherwise. */
PSUTIL__HIDDEN int psutil__check_size(size_t size, size_t align, const char *what);

/* The body of a public function that fills one struct: checks out and size, runs `call`
 * (which writes tmp_, of the library's type, zeroed first so that a member the backend
 * does not set reads 0 and no stack bytes reach the caller), copies tmp_ out on success. */
#define PSUTIL__FILL_OUT(type, out, size, call)                                                    \
    do {                                                                                           \
        type tmp_;                                                                                 \
        memset(&tmp_, 0, sizeof(tmp_));                                                            \
        if (!(out))                                                                                \
            return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");                           \
        int rc_ = psutil__check_size((size), 1, #type);                                            \
        if (rc_ == 0 && (rc_ = (call)) == 0)                                                       \
            psutil__copy_out((out), (size), &tmp_, sizeof(tmp_));                                  \
        return rc_;                                                                                \
    } while (0)

/* The body of a public function that returns a list: checks the outputs and stride, runs
 * `call` (which fills blk_ and n_), lays the block at the caller's stride. */
#define PSUTIL__LIST_OUT(type, layout, out, out_n, stride, call)                                   \
    do {                                                                                           \
        type *blk_ = NULL;                                                                         \
        size_t n_ = 0;                                                                             \
        if (!(out) || !(out_n))                                                                    \
            return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");                           \
        int rc_ = psutil__check_size((stride), (layout).align, #type);                             \
        if (rc_ == 0 && (rc_ = (call)) == 0) {                                                     \
            void *b_ = blk_;                                                                       \
            if ((rc_ = psutil__restride(&b_, n_, &(layout), (stride))) == 0) {                     \
                *(out) = b_;                                                                       \
                *(out_n) = n_;                                                                     \
            }                                                                                      \
        }                                                                                          \
        return rc_;                                                                                \
    } while (0)

/* --- process rates (src/proc_table.c) ------------------------------------------ */

/* The rates of row c since p, its previous snapshot (NULL: the process is new), over
 * interval seconds; row_size is the size of the caller's rows (older rows lack the
 * fault counters). As psutil_proc_table_rates documents them. */
PSUTIL__HIDDEN void psutil__proc_rate(const psutil_proc_row_t *p, const psutil_proc_row_t *c,
                                      size_t row_size, double interval, uint64_t total_memory,
                                      psutil_proc_rate_t *r);

/* --- nowrap (src/nowrap.c) ------------------------------------------------------ */

/* The layout of a counter record (psutil_disk_io_t, psutil_net_io_t): its size, the
 * offset of its name (a const char *) and of each uint64_t counter. */
typedef struct {
    size_t size, name_off;
    const size_t *fields;
    size_t nfields;
} psutil__counter_layout;

/* psutil__nowrap_begin() checks the tracker before a read; kind separates the functions
 * a tracker may serve. psutil__nowrap_records() then rewrites the n records' counters
 * in place and forgets devices absent from them. Both return 0, PSUTIL_EINVAL (bad
 * tracker, or one that served another kind) or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__nowrap_begin(psutil_nowrap_t *nw, int kind);
PSUTIL__HIDDEN int psutil__nowrap_records(psutil_nowrap_t *nw, const psutil__counter_layout *l,
                                          void *recs, size_t n);

/* Adds up the counters of n records into *sum (whose other fields are left alone). */
PSUTIL__HIDDEN void psutil__counters_sum(const psutil__counter_layout *l, const void *recs,
                                         size_t n, void *sum);

#endif
