/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * psutil.h - the public interface of libpsutil, and its reference.
 *
 * libpsutil is psutil's system in C: process and system monitoring (CPU, memory,
 * disks, network, sensors, users) and process control. This header is the only one
 * a program includes, and every declaration below says its units, who owns what it
 * returns, the errors it gives and whether it is thread-safe.
 *
 * Conventions that hold for every function unless its comment says otherwise:
 * - Fallible functions return 0 on success or a negative PSUTIL_E* code.
 * - Outputs are written only on success; on failure they are left untouched.
 * - Fixed-size results go into a struct the caller provides. Variable-length
 *   results come back as one block the caller releases with psutil_free().
 * - Three release verbs, one meaning each: psutil_free() releases a block a function
 *   returned; an object the library allocates is opened and closed
 *   (psutil_proc_open/psutil_proc_close, psutil_proc_iter_open/psutil_proc_iter_close,
 *   psutil_proc_list_close for a list of handles); state kept in a struct the caller
 *   provides is initialised and destroyed (psutil_cpu_sampler_init/_destroy,
 *   psutil_nowrap_init/_destroy). Every release function accepts NULL and cannot fail.
 * - Nothing is read or computed when the library loads and no init call exists:
 *   every value is read from the kernel when its function is called.
 * - Every function is thread-safe, except where a comment names state (a sampler)
 *   that the caller must not share between threads without a lock.
 * - On failure a thread-local record keeps the OS errno and the path that failed;
 *   psutil_last_error() copies it out.
 * - The library never prints, logs, exits or aborts.
 * - ABI: libpsutil.so.0 exports only psutil_ functions, each with the symbol version of
 *   the release that added it (PSUTIL_0.1 for everything so far). Structs grow, within one
 *   SONAME, by members added at their end, and programs built against an older or a newer
 *   header keep working, by the kernel's rule for extensible structs (openat2,
 *   sched_getattr):
 *   - Every function that fills a struct takes the caller's size of it as a last
 *     argument, and every function that returns a list takes the caller's record size
 *     (the stride of the list). The macro of the function's name passes sizeof for the
 *     caller, so source code never writes it: psutil_cpu_times(&t) is
 *     (psutil_cpu_times)(&t, sizeof(psutil_cpu_times_t)), the symbol a binding calls.
 *   - The library fills the first min(caller's size, its own) bytes and zeroes any bytes
 *     past its own: a program newer than the library reads 0 in a member the library
 *     does not know (the process table's `have` and a field mask say which fields were
 *     read; elsewhere a 0 is documented as "not known" per member). A list's records are
 *     laid at the caller's stride, string members included, so record i is at
 *     (char *)list + i * sizeof(record) on both sides. Inputs of a list type
 *     (psutil_proc_table_rates's rows) are read at the stride passed with them.
 *   - A size of 0, or a stride that is not a multiple of the record's alignment, is
 *     PSUTIL_EINVAL.
 *   - Frozen structs never change within a SONAME; a new figure goes into a new struct or
 *     at the end of the struct that embeds them. They are the ones whose size the caller
 *     cannot pass: members of another struct (psutil_ids_t, psutil_proc_cpu_times_t,
 *     psutil_proc_io_t, psutil_ctx_switches_t, psutil_proc_memory_t,
 *     psutil_namespaces_t), passed by value (psutil_rlimit_t), passed to a callback or in
 *     a caller's array (psutil_exit_t), and the caller-placed holders of library state
 *     (psutil_cpu_sampler_t, psutil_nowrap_t, whose state grows behind their pointer).
 *   - Field masks: bits a library does not know are accepted and ignored, and reported
 *     as absent in `have`.
 *   CI compares every build with the record (abi/libpsutil.abi, libabigail): any change
 *   but a member added at the end of a struct abi/growable.supp lists fails it and needs
 *   a new SONAME. New functions may be added. A member is never removed or reordered.
 * - Kernel figures out of range follow one rule, never a wrap. A number wider than its
 *   field (a meminfo value near 2^64 kB, a counter past 2^64, pages x page size)
 *   saturates at the field's maximum. A relation the kernel guarantees is enforced by
 *   clamping to the bound: no memory figure exceeds MemTotal, SwapFree never exceeds
 *   SwapTotal, percentages stay within 0..100, nice within -20..19, counts and times
 *   are never negative. Text that is not a number where one belongs is PSUTIL_EPARSE for
 *   the calls that use that value only; one odd line never fails a call that does not
 *   need it. CPU numbers at or above 65536 in a kernel CPU list are PSUTIL_EPARSE (no
 *   allocation or loop is sized by a number a file gave). docs/SUPPORTED_PLATFORMS.md
 *   lists the odd formats handled.
 * - Operating systems: the comments below name each figure's Linux source. On Windows
 *   (psutil.dll, or libpsutil.a with PSUTIL_STATIC defined) every function keeps its
 *   signature and shape; its source there, the figures it leaves 0 and the functions that
 *   answer PSUTIL_ENOTSUP are in docs/SUPPORTED_PLATFORMS.md ("Each function on each
 *   OS"). Where a value means something else on Windows, its comment says so ("Windows:").
 */
#ifndef PSUTIL_H
#define PSUTIL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PSUTIL_API marks what the shared library exports. On Windows the library's own build
 * defines PSUTIL_BUILDING (dllexport) and a program linking the static library defines
 * PSUTIL_STATIC; everyone else imports from psutil.dll. Elsewhere: default visibility
 * (the library builds with -fvisibility=hidden). */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(PSUTIL_BUILDING)
#define PSUTIL_API __declspec(dllexport)
#elif defined(PSUTIL_STATIC)
#define PSUTIL_API
#else
#define PSUTIL_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define PSUTIL_API __attribute__((visibility("default")))
#else
#define PSUTIL_API
#endif

/* ------------------------------------------------------------------------------ */
/* Version                                                                         */
/* ------------------------------------------------------------------------------ */

#define PSUTIL_VERSION_MAJOR 0
#define PSUTIL_VERSION_MINOR 1
#define PSUTIL_VERSION_PATCH 0
#define PSUTIL_VERSION_STRING "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, for compile-time comparisons. */
#define PSUTIL_VERSION_NUMBER                                                                      \
    (PSUTIL_VERSION_MAJOR * 10000 + PSUTIL_VERSION_MINOR * 100 + PSUTIL_VERSION_PATCH)

/* The version of the library linked at run time, "MAJOR.MINOR.PATCH"; static text. */
PSUTIL_API const char *psutil_version(void);

/* ------------------------------------------------------------------------------ */
/* Errors                                                                          */
/* ------------------------------------------------------------------------------ */

/* Every fallible function returns 0 or one of these; the values are the same on
 * every operating system and never change once released. */
enum psutil_error_code {
    PSUTIL_OK = 0,
    PSUTIL_ENOSUCHPROC = -1, /* the process does not exist (or its pid was reused) */
    PSUTIL_EZOMBIE = -2,     /* the process is a zombie and the value needs it alive */
    PSUTIL_EACCES = -3,      /* access denied (EPERM/EACCES from the kernel) */
    PSUTIL_ETIMEOUT = -4,    /* a wait or transfer ran out of time */
    PSUTIL_EINVAL = -5,      /* invalid argument: NULL output, bad value, bad state */
    PSUTIL_ENOMEM = -6,      /* memory allocation failed */
    PSUTIL_ENOBUFS = -7,     /* a caller-provided buffer is too small */
    PSUTIL_ENOTSUP = -8,     /* not supported on this OS, kernel or machine */
    PSUTIL_EPARSE = -9,      /* a kernel file had an unexpected format */
    PSUTIL_EOS = -10         /* another OS error; psutil_last_error() has the errno */
};

/* Static English text for a code ("no such process", ...); unknown codes give
 * "unknown error". Never NULL. Thread-safe. */
PSUTIL_API const char *psutil_strerror(int code);

/* The code's symbolic name ("PSUTIL_ENOSUCHPROC", ...); unknown codes give
 * "PSUTIL_EUNKNOWN". Never NULL. Thread-safe. */
PSUTIL_API const char *psutil_err_name(int code);

/* 1 when the code says the process is gone: PSUTIL_ENOSUCHPROC or PSUTIL_EZOMBIE
 * (a zombie has exited; only its exit status remains). 0 for any other code. */
PSUTIL_API int psutil_is_gone(int code);

/* Detail of the last failure in the calling thread. */
typedef struct psutil_error_info_t {
    int code;         /* the PSUTIL_E* code returned, 0 if none since the last clear */
    int os_errno;     /* the errno behind it, 0 when there was none (parse errors);
                         Windows: the Win32 error code (GetLastError's, or an NTSTATUS
                         through RtlNtStatusToDosError) */
    char path[1024];  /* the file that failed, "" when none; truncated if longer */
    char detail[256]; /* a short English description of what failed, "" when none */
} psutil_error_info_t;

/* Copies the calling thread's last-error record into *out. Every fallible function
 * that fails overwrites the record; successful calls leave it as it was.
 * Errors: PSUTIL_EINVAL when out is NULL. Thread-safe (the record is thread-local). */
PSUTIL_API int(psutil_last_error)(psutil_error_info_t *out, size_t size);
#define psutil_last_error(out) (psutil_last_error)((out), sizeof(psutil_error_info_t))

/* Resets the calling thread's last-error record to code 0. */
PSUTIL_API void psutil_clear_error(void);

/* ------------------------------------------------------------------------------ */
/* Memory ownership                                                                */
/* ------------------------------------------------------------------------------ */

/* Releases a block returned by a libpsutil function (every "**out" result).
 * NULL is accepted and ignored. */
PSUTIL_API void psutil_free(void *block);

/* ------------------------------------------------------------------------------ */
/* Where the kernel's files are read from                                          */
/* ------------------------------------------------------------------------------ */

/*
 * procfs and sysfs are read below two roots, "/proc" and "/sys" by default. A
 * containerised agent that mounts the host's at /host/proc and /host/sys points the
 * library there, and tests point it at fixture trees. The roots are looked up at each
 * call, in this order: the value set here; the environment variables HOST_PROC and
 * HOST_SYS (gopsutil's names, which exporters already use); the defaults.
 *
 * A third root, "/run" by default (HOST_RUN), holds utmp and systemd-logind's session
 * files for psutil_users().
 *
 * psutil_set_root(kind, path): path must name an existing directory and be shorter than
 * 1024 bytes; NULL restores the lookup above. The setting is process-wide and copied.
 * Errors: PSUTIL_EINVAL (an unknown kind, not a directory, too long; the previous root
 * stays). Thread-safe, but a call already running in another thread may still use the
 * old root.
 *
 * A moved procfs root changes what is read, not what is acted on: signals, waits,
 * setters and the syscall-backed getters (ionice, rlimit, cpu_affinity) act by pid in
 * the caller's own pid namespace. A handle opened through a moved root therefore acts
 * only after proving that the caller's process with that pid is the one it read (the
 * pidfd's own pid in /proc/self/fdinfo and the start time in the caller's /proc/PID/stat
 * match the handle's); otherwise these calls fail with PSUTIL_EACCES and touch nothing.
 * A fixture or a capture never lets a handle signal a live process; a host's procfs seen
 * from a container acts only when the container shares the host's pid namespace.
 *
 * psutil_get_root(kind, buf, size): writes the root of that kind currently in force,
 * NUL-terminated. Errors: PSUTIL_EINVAL (an unknown kind, buf NULL), PSUTIL_ENOBUFS
 * (size too small; buf untouched).
 */
enum psutil_root_kind {
    PSUTIL_ROOT_PROC = 0, /* procfs: "/proc", HOST_PROC */
    PSUTIL_ROOT_SYS = 1,  /* sysfs: "/sys", HOST_SYS */
    PSUTIL_ROOT_RUN = 2   /* utmp and logind sessions: "/run", HOST_RUN */
};
PSUTIL_API int psutil_set_root(int kind, const char *path);
PSUTIL_API int psutil_get_root(int kind, char *buf, size_t size);
/* The setters and getters of 0.1's first drafts, one per kind, kept so that programs
 * written against them still build and link: each is psutil_set_root() or
 * psutil_get_root() with its kind. Deprecated (the compiler says so); new code uses
 * those, and these go with the next SONAME. */
#if defined(__GNUC__) || defined(__clang__)
#define PSUTIL_DEPRECATED(use) __attribute__((deprecated("use " use)))
#else
#define PSUTIL_DEPRECATED(use)
#endif
PSUTIL_API PSUTIL_DEPRECATED("psutil_set_root") int psutil_set_procfs_root(const char *path);
PSUTIL_API PSUTIL_DEPRECATED("psutil_set_root") int psutil_set_sysfs_root(const char *path);
PSUTIL_API PSUTIL_DEPRECATED("psutil_set_root") int psutil_set_run_root(const char *path);
PSUTIL_API PSUTIL_DEPRECATED("psutil_get_root") int psutil_get_procfs_root(char *buf, size_t size);
PSUTIL_API PSUTIL_DEPRECATED("psutil_get_root") int psutil_get_sysfs_root(char *buf, size_t size);
PSUTIL_API PSUTIL_DEPRECATED("psutil_get_root") int psutil_get_run_root(char *buf, size_t size);

/* ------------------------------------------------------------------------------ */
/* The library's own threads and stack                                             */
/* ------------------------------------------------------------------------------ */

/*
 * Two walks split their work over worker threads on a machine with more than one
 * online CPU: psutil_proc_table() from 1,024 processes (at most 8 threads), and the
 * walk of every /proc/PID/fd that finds the owner of each socket for
 * psutil_net_connections() (and the netstat tool) from 256 processes (at most 8). One thread per
 * online CPU, the calling thread doing one share itself. Workers start and are joined inside the
 * call (none outlives it, none is left between calls), use a 256 KiB stack, and touch no caller
 * state. A worker that cannot start (EAGAIN under a thread limit, a seccomp filter that refuses
 * clone) runs on the calling thread instead: the result is the same, only slower. Nothing else in
 * the library starts a thread.
 *
 * psutil_set_max_threads(n): at most n threads per call, the calling one included, so
 * 1 means the library never starts a thread (agents under seccomp or tight thread
 * limits); 0 restores the default above. Process-wide; thread-safe (a call already
 * running keeps the count it started with). psutil_max_threads() returns the setting.
 *
 * Stack: every public function uses at most 64 KiB of the caller's stack (the suite
 * runs each one on a thread whose whole stack is 64 KiB).
 */
PSUTIL_API void psutil_set_max_threads(unsigned n);
PSUTIL_API unsigned psutil_max_threads(void);

/* ------------------------------------------------------------------------------ */
/* CPU                                                                             */
/* ------------------------------------------------------------------------------ */

/* Time the CPUs spent in each mode since boot, in seconds. Linux: the "cpu" lines of
 * /proc/stat divided by sysconf(_SC_CLK_TCK); columns an older kernel does not have
 * are 0. guest and guest_nice are already included in user and nice by the kernel.
 * cpu names the CPU a per-CPU record is for (CPUs that are offline have no record, so
 * record i is not always CPU i); it is -1 in system-wide figures. */
typedef struct psutil_cpu_times_t {
    double user;       /* s; /proc/stat column 1 */
    double system;     /* s; column 3 */
    double idle;       /* s; column 4 */
    double nice;       /* s; column 2 */
    double iowait;     /* s; column 5 (Linux 2.5.41+) */
    double irq;        /* s; column 6 */
    double softirq;    /* s; column 7 */
    double steal;      /* s; column 8 (Linux 2.6.11+) */
    double guest;      /* s; column 9 (Linux 2.6.24+) */
    double guest_nice; /* s; column 10 (Linux 2.6.33+) */
    int cpu;           /* CPU number: the N of "cpuN"; -1 for the whole system */
} psutil_cpu_times_t;

/* Number of CPUs. logical != 0: online logical CPUs (Linux: sysfs
 * devices/system/cpu/online, fallback the cpuN lines of /proc/stat). logical == 0:
 * physical cores (the distinct sysfs topology/core_cpus_list values, fallback
 * thread_siblings_list, then /proc/cpuinfo "physical id" x "cpu cores").
 * Errors: PSUTIL_EINVAL (out NULL); PSUTIL_ENOTSUP when the count cannot be
 * determined (psutil's None); PSUTIL_EPARSE. */
PSUTIL_API int psutil_cpu_count(int logical, int *out);

/* System-wide CPU times (the "cpu" line). Errors: PSUTIL_EINVAL, PSUTIL_EPARSE,
 * PSUTIL_EOS. */
PSUTIL_API int(psutil_cpu_times)(psutil_cpu_times_t *out, size_t size);
#define psutil_cpu_times(out) (psutil_cpu_times)((out), sizeof(psutil_cpu_times_t))

/* CPU times per online CPU, in the kernel's order (the "cpuN" lines), each with its
 * CPU number in `cpu`.
 * *out is one block of *out_n entries; free it with psutil_free().
 * Errors: as psutil_cpu_times, plus PSUTIL_ENOMEM. */
PSUTIL_API int(psutil_cpu_times_percpu)(psutil_cpu_times_t **out, size_t *out_n, size_t stride);
#define psutil_cpu_times_percpu(out, out_n)                                                        \
    (psutil_cpu_times_percpu)((out), (out_n), sizeof(psutil_cpu_times_t))

/*
 * CPU utilisation without blocking. A sampler holds the previous sample; each call
 * compares the current CPU times with it and then stores the current ones, as psutil's
 * cpu_percent(interval=None) does. The first call after psutil_cpu_sampler_init()
 * gives 0.0 everywhere. Percentages: total = sum of all modes except guest and
 * guest_nice; busy = total - idle - iowait; percent = busy delta / total delta * 100,
 * in 0..100. A counter that went backwards (a buggy hypervisor) counts as 0.
 *
 * The struct is the caller's to place (stack, heap, another struct) but its fields
 * are private. A sampler must be initialised with psutil_cpu_sampler_init() before
 * use and released with psutil_cpu_sampler_destroy(); it must not be copied or moved
 * (a copy is refused with PSUTIL_EINVAL). One sampler must not be used by two
 * threads at the same time; use one sampler per consumer. The total and per-CPU
 * functions keep separate previous samples inside one sampler; cpu_percent and
 * cpu_times_percent share the same previous sample, so each consumer of both should
 * have its own sampler. If the number of CPUs changes, the next per-CPU call starts
 * over (all 0.0) with the new count.
 */
typedef struct psutil_cpu_sampler_t {
    uint64_t private_check; /* private: validity stamp */
    void *private_state;    /* private: library-owned previous samples */
} psutil_cpu_sampler_t;     /* frozen (conventions: ABI) */

/* Prepares *s. Errors: PSUTIL_EINVAL (s NULL), PSUTIL_ENOMEM. */
PSUTIL_API int psutil_cpu_sampler_init(psutil_cpu_sampler_t *s);
/* Releases what init allocated and makes *s invalid. NULL, an already destroyed or a
 * never initialised (zeroed) sampler is ignored. */
PSUTIL_API void psutil_cpu_sampler_destroy(psutil_cpu_sampler_t *s);

/* System-wide utilisation since the sampler's previous call, percent 0..100.
 * Errors: PSUTIL_EINVAL (NULL, uninitialised or copied sampler), PSUTIL_EPARSE,
 * PSUTIL_EOS. */
PSUTIL_API int psutil_cpu_percent(psutil_cpu_sampler_t *s, double *out);
/* Utilisation of one CPU. */
typedef struct psutil_cpu_percent_t {
    int cpu;        /* CPU number, as psutil_cpu_times_t.cpu */
    double percent; /* %; 0..100 */
} psutil_cpu_percent_t;
/* Per-CPU utilisation, one record per online CPU in the kernel's order; *out holds *out_n
 * records (free with psutil_free()). Previous samples are matched by CPU number, so a
 * CPU that went offline or came back gives 0.0 for its first sample only. */
PSUTIL_API int(psutil_cpu_percent_percpu)(psutil_cpu_sampler_t *s, psutil_cpu_percent_t **out,
                                          size_t *out_n, size_t stride);
#define psutil_cpu_percent_percpu(s, out, out_n)                                                   \
    (psutil_cpu_percent_percpu)((s), (out), (out_n), sizeof(psutil_cpu_percent_t))
/* The share of each mode (percent of the total delta, guest modes included) since the
 * sampler's previous call; fields add up to about 100 minus guest and guest_nice. */
PSUTIL_API int(psutil_cpu_times_percent)(psutil_cpu_sampler_t *s, psutil_cpu_times_t *out,
                                         size_t size);
#define psutil_cpu_times_percent(s, out)                                                           \
    (psutil_cpu_times_percent)((s), (out), sizeof(psutil_cpu_times_t))
/* The same per CPU, each record with its `cpu`; *out holds *out_n entries (free with
 * psutil_free()). */
PSUTIL_API int(psutil_cpu_times_percent_percpu)(psutil_cpu_sampler_t *s, psutil_cpu_times_t **out,
                                                size_t *out_n, size_t stride);
#define psutil_cpu_times_percent_percpu(s, out, out_n)                                             \
    (psutil_cpu_times_percent_percpu)((s), (out), (out_n), sizeof(psutil_cpu_times_t))

/* Blocking variants: sample, sleep `interval` seconds, sample again, as psutil's
 * cpu_percent(interval=X). interval must be finite and > 0 (else PSUTIL_EINVAL).
 * A signal does not cut the sleep short. */
PSUTIL_API int psutil_cpu_percent_interval(double interval, double *out);
PSUTIL_API int(psutil_cpu_percent_percpu_interval)(double interval, psutil_cpu_percent_t **out,
                                                   size_t *out_n, size_t stride);
#define psutil_cpu_percent_percpu_interval(interval, out, out_n)                                   \
    (psutil_cpu_percent_percpu_interval)((interval), (out), (out_n), sizeof(psutil_cpu_percent_t))
PSUTIL_API int(psutil_cpu_times_percent_interval)(double interval, psutil_cpu_times_t *out,
                                                  size_t size);
#define psutil_cpu_times_percent_interval(interval, out)                                           \
    (psutil_cpu_times_percent_interval)((interval), (out), sizeof(psutil_cpu_times_t))
PSUTIL_API int(psutil_cpu_times_percent_percpu_interval)(double interval, psutil_cpu_times_t **out,
                                                         size_t *out_n, size_t stride);
#define psutil_cpu_times_percent_percpu_interval(interval, out, out_n)                             \
    (psutil_cpu_times_percent_percpu_interval)((interval), (out), (out_n),                         \
                                               sizeof(psutil_cpu_times_t))

/* Counters since boot, and the scheduler's task counts now. Linux: /proc/stat
 * (proc.rst, "1.7 Miscellaneous kernel statistics"). */
typedef struct psutil_cpu_stats_t {
    uint64_t ctx_switches;    /* count; /proc/stat "ctxt" */
    uint64_t interrupts;      /* count; first number of "intr" */
    uint64_t soft_interrupts; /* count; first number of "softirq" (0 if absent) */
    uint64_t syscalls;        /* always 0 on Linux, as in psutil */
    uint64_t forks;           /* processes and threads created since boot; "processes" */
    uint64_t procs_running;   /* tasks runnable now (threads included); "procs_running"
                                 (Linux 2.5.45+; 0 if absent) */
    uint64_t procs_blocked;   /* tasks waiting for I/O now; "procs_blocked" (0 if absent) */
} psutil_cpu_stats_t;

/* Errors: PSUTIL_EINVAL, PSUTIL_EPARSE, PSUTIL_EOS. */
PSUTIL_API int(psutil_cpu_stats)(psutil_cpu_stats_t *out, size_t size);
#define psutil_cpu_stats(out) (psutil_cpu_stats)((out), sizeof(psutil_cpu_stats_t))

/* The scheduler's time on one CPU since boot. Linux: /proc/schedstat, a "cpuN" line per
 * online CPU (Documentation/scheduler/sched-stats.rst: its 7th, 8th and 9th figures);
 * the kernel has the file only with CONFIG_SCHEDSTATS. */
typedef struct psutil_schedstat_t {
    int cpu;             /* the CPU's number, from "cpuN" */
    uint64_t running_ns; /* ns tasks spent running on this CPU: figure 7 */
    uint64_t waiting_ns; /* ns tasks spent runnable, waiting for this CPU: figure 8 */
    uint64_t timeslices; /* timeslices run on this CPU: figure 9 */
} psutil_schedstat_t;

/* Every cpuN line with at least nine figures, in the file's order (domain lines and
 * others are left out). One block; psutil_free(). Errors: PSUTIL_EINVAL, PSUTIL_ENOMEM,
 * PSUTIL_EACCES, PSUTIL_EOS (no /proc/schedstat: a kernel without CONFIG_SCHEDSTATS),
 * PSUTIL_ENOTSUP. Thread-safe. */
PSUTIL_API int(psutil_cpu_schedstat)(psutil_schedstat_t **out, size_t *out_n, size_t stride);
#define psutil_cpu_schedstat(out, out_n)                                                           \
    (psutil_cpu_schedstat)((out), (out_n), sizeof(psutil_schedstat_t))

/* CPU frequency in MHz. min and max are 0 when unknown. */
typedef struct psutil_cpu_freq_t {
    double current; /* MHz; /proc/cpuinfo "cpu MHz", else sysfs scaling_cur_freq / 1000 */
    double min;     /* MHz; sysfs cpufreq scaling_min_freq / 1000, 0 if unknown */
    double max;     /* MHz; sysfs cpufreq scaling_max_freq / 1000, 0 if unknown */
    int cpu;        /* CPU number (per-CPU records); -1 in the mean */
} psutil_cpu_freq_t;

/* The mean over the CPUs of psutil_cpu_freq_percpu(), field by field (as psutil; a CPU
 * whose limits are unknown counts as 0). Errors: PSUTIL_EINVAL, PSUTIL_ENOTSUP (neither
 * sysfs cpufreq nor cpuinfo tells a frequency), PSUTIL_EPARSE, PSUTIL_ENOMEM. */
PSUTIL_API int(psutil_cpu_freq)(psutil_cpu_freq_t *out, size_t size);
#define psutil_cpu_freq(out) (psutil_cpu_freq)((out), sizeof(psutil_cpu_freq_t))
/* One entry per CPU that cpuinfo or cpufreq tells about, ascending by CPU number, each
 * with its `cpu` (offline CPUs leave gaps, as in psutil_cpu_times_percpu). Linux:
 * cpufreq policyN directories are spread over their affected_cpus; before Linux 4.3 each
 * cpuN/cpufreq directory is CPU N's own. *out is one block of *out_n entries; free with
 * psutil_free(). */
PSUTIL_API int(psutil_cpu_freq_percpu)(psutil_cpu_freq_t **out, size_t *out_n, size_t stride);
#define psutil_cpu_freq_percpu(out, out_n)                                                         \
    (psutil_cpu_freq_percpu)((out), (out_n), sizeof(psutil_cpu_freq_t))

/* Run-queue averages. Linux: /proc/loadavg. */
typedef struct psutil_loadavg_t {
    double load1;  /* processes; 1-minute average */
    double load5;  /* processes; 5-minute average */
    double load15; /* processes; 15-minute average */
} psutil_loadavg_t;

/* Errors: PSUTIL_EINVAL, PSUTIL_EPARSE, PSUTIL_EOS. */
PSUTIL_API int(psutil_getloadavg)(psutil_loadavg_t *out, size_t size);
#define psutil_getloadavg(out) (psutil_getloadavg)((out), sizeof(psutil_loadavg_t))

/* System boot time, seconds since the epoch. Linux: /proc/stat "btime". It is read at
 * every call: it moves when the clock is set. Errors: PSUTIL_EINVAL, PSUTIL_EPARSE,
 * PSUTIL_EOS. */
PSUTIL_API int psutil_boot_time(double *out);

/* ------------------------------------------------------------------------------ */
/* Memory                                                                          */
/* ------------------------------------------------------------------------------ */

/* Physical memory, bytes. Linux: /proc/meminfo (kB x 1024), as procps `free`. */
typedef struct psutil_virtual_memory_t {
    uint64_t total;     /* bytes; MemTotal */
    uint64_t available; /* bytes; MemAvailable, or the kernel 3.14 estimate from
                           MemFree, the file LRU lists, SReclaimable and the zones' low
                           watermarks (/proc/zoneinfo) when missing or 0 */
    double percent;     /* %; (total - available) / total * 100 */
    uint64_t used;      /* bytes; total - available (procps-ng 4 `free`) */
    uint64_t free;      /* bytes; MemFree */
    uint64_t active;    /* bytes; Active */
    uint64_t inactive;  /* bytes; Inactive */
    uint64_t buffers;   /* bytes; Buffers */
    uint64_t cached;    /* bytes; Cached + SReclaimable */
    uint64_t shared;    /* bytes; Shmem (MemShared on old kernels) */
    uint64_t slab;      /* bytes; Slab */
} psutil_virtual_memory_t;

/* Errors: PSUTIL_EINVAL, PSUTIL_EPARSE (MemTotal or MemFree missing, or a line this call
 * uses malformed; a malformed Swap line does not matter here), PSUTIL_EOS. Every byte
 * figure is at most total (a meminfo that says more is clamped). */
PSUTIL_API int(psutil_virtual_memory)(psutil_virtual_memory_t *out, size_t size);
#define psutil_virtual_memory(out) (psutil_virtual_memory)((out), sizeof(psutil_virtual_memory_t))

/* Swap space, bytes. */
typedef struct psutil_swap_memory_t {
    uint64_t total; /* bytes; /proc/meminfo SwapTotal */
    uint64_t used;  /* bytes; SwapTotal - SwapFree */
    uint64_t free;  /* bytes; SwapFree */
    double percent; /* %; used / total * 100, 0 without swap */
    uint64_t sin;   /* bytes swapped in since boot; /proc/vmstat pswpin x page size */
    uint64_t sout;  /* bytes swapped out since boot; /proc/vmstat pswpout x page size */
} psutil_swap_memory_t;

/* Errors: PSUTIL_EINVAL, PSUTIL_EPARSE (a malformed Swap line, or MemTotal missing),
 * PSUTIL_EOS. sin and sout are 0 when /proc/vmstat lacks them. A meminfo without Swap
 * lines (some container runtimes) is no swap: total, used and free 0. free is at most
 * total. */
PSUTIL_API int(psutil_swap_memory)(psutil_swap_memory_t *out, size_t size);
#define psutil_swap_memory(out) (psutil_swap_memory)((out), sizeof(psutil_swap_memory_t))

/* Every line of the kernel's memory report, as it names them (what node_exporter's
 * meminfo collector exports, and free -v's commit figures). Linux: /proc/meminfo. */
typedef struct psutil_meminfo_field_t {
    const char *name; /* the kernel's key: "MemTotal", "CommitLimit", "HugePages_Total" */
    uint64_t value;   /* bytes for lines in kB (saturating at UINT64_MAX), else a count */
    int bytes;        /* 1 when value is bytes (the line was in kB), 0 for a count */
} psutil_meminfo_field_t;

/* Every well-formed line in the kernel's order; a line that is not "Key: N [kB]" is left
 * out (a parse error is reserved for the calls that need a key). *out is one block (names
 * inside); free with psutil_free(). Errors: PSUTIL_EINVAL, PSUTIL_ENOMEM, PSUTIL_EOS,
 * PSUTIL_ENOTSUP (no such report on this OS). Thread-safe. */
PSUTIL_API int(psutil_meminfo)(psutil_meminfo_field_t **out, size_t *out_n, size_t stride);
#define psutil_meminfo(out, out_n) (psutil_meminfo)((out), (out_n), sizeof(psutil_meminfo_field_t))

/* Every counter of the kernel's virtual memory statistics, as it names them (what
 * node_exporter's vmstat collector exports). Linux: /proc/vmstat, one "name value" line
 * each (mm/vmstat.c, vmstat_text; Documentation/admin-guide/mm/ has no table of them). */
typedef struct psutil_vmstat_field_t {
    const char *name; /* the kernel's name: "pgfault", "pgmajfault", "oom_kill", "nr_free_pages" */
    uint64_t value;   /* as the kernel prints it (saturating at UINT64_MAX): events since
                       * boot for counters (pgfault, pswpin: pages swapped in, oom_kill),
                       * pages for nr_* gauges, KiB for pgpgin and pgpgout */
} psutil_vmstat_field_t;

/* Every well-formed line in the kernel's order; a line that is not "name N" is left out.
 * *out is one block (names inside); free with psutil_free(). Errors: PSUTIL_EINVAL,
 * PSUTIL_ENOMEM, PSUTIL_EOS (no /proc/vmstat), PSUTIL_ENOTSUP (no such report on this
 * OS). Thread-safe. */
PSUTIL_API int(psutil_vmstat)(psutil_vmstat_field_t **out, size_t *out_n, size_t stride);
#define psutil_vmstat(out, out_n) (psutil_vmstat)((out), (out_n), sizeof(psutil_vmstat_field_t))

/* A kernel tunable or figure as integers, by sysctl(8)'s name: "fs.file-nr" (file
 * handles allocated, 0, the maximum), "fs.file-max", "kernel.random.entropy_avail" and
 * "kernel.random.poolsize" (bits), "net.netfilter.nf_conntrack_count" and
 * "nf_conntrack_max" (connections), "kernel.pid_max". A name holding '/' is a path below
 * the tunables as given, for parts that hold dots ("net/ipv4/conf/eth0.100/forwarding").
 * Linux: /proc/sys/<name, dots as slashes> (Documentation/admin-guide/sysctl/), net.* as
 * the caller's network namespace has them.
 * Writes the first min(*n, max) values, in the file's order, to values (max 0: values may
 * be NULL) and sets *n to how many the file holds, so *n > max says some were left out.
 * Values past 64 bits saturate at INT64_MAX (INT64_MIN). Nothing is written on error.
 * Errors: PSUTIL_EINVAL (NULL name or n; values NULL with max > 0; a name that is
 * empty, longer than 255 bytes, or has an empty, "." or ".." part), PSUTIL_EPARSE (a
 * value that is not an integer: kernel.hostname, say), PSUTIL_EACCES, PSUTIL_ENOMEM,
 * PSUTIL_EOS (no such tunable: errno ENOENT), PSUTIL_ENOTSUP (no such report on this
 * OS). Thread-safe. */
PSUTIL_API int psutil_sysctl(const char *name, int64_t *values, size_t max, size_t *n);

/* ------------------------------------------------------------------------------ */
/* Counters that wrap                                                              */
/* ------------------------------------------------------------------------------ */

/*
 * Kernel counters can wrap (32-bit ones on some kernels and drivers) or reset. A
 * nowrap tracker, passed to the I/O counter functions, remembers each device's last
 * raw values: when one goes down, the value it had is added to that field from then
 * on, so the figures the caller sees only grow (psutil's nowrap=True). Pass NULL for
 * the raw figures. Like a sampler, the struct is the caller's to place, its fields are
 * private, it must be initialised and destroyed, must not be copied, and must not be
 * used by two threads at once. One tracker serves one function.
 */
typedef struct psutil_nowrap_t {
    uint64_t private_check; /* private: validity stamp */
    void *private_state;    /* private: library-owned previous values */
} psutil_nowrap_t;          /* frozen (conventions: ABI) */

/* Errors: PSUTIL_EINVAL (NULL), PSUTIL_ENOMEM. */
PSUTIL_API int psutil_nowrap_init(psutil_nowrap_t *nw);
/* Releases the tracker; NULL, zeroed or already destroyed trackers are ignored. */
PSUTIL_API void psutil_nowrap_destroy(psutil_nowrap_t *nw);

/* ------------------------------------------------------------------------------ */
/* Disks                                                                           */
/* ------------------------------------------------------------------------------ */

/* A mounted filesystem. Linux: /proc/self/mounts (proc.rst, "/proc/<pid>/mounts"), with
 * the kernel's octal escapes (\040 for a space, ...) decoded. With the procfs root moved
 * (a host's procfs mounted into a container), <root>/1/mounts: the host's mount table,
 * not the caller's own ("self" there is the caller). Mount points are the host's paths. */
typedef struct psutil_disk_partition_t {
    const char *device;     /* "/dev/sda1"; "" for "none"; /dev/root resolved to the real device */
    const char *mountpoint; /* "/home" */
    const char *fstype;     /* "ext4" */
    const char *opts;       /* "rw,relatime" */
} psutil_disk_partition_t;

/* Mounted filesystems in mount order. all == 0 keeps only physical ones: a non-empty
 * device and a filesystem type that /proc/filesystems does not mark "nodev" (zfs kept),
 * as psutil. *out is one block of *out_n entries whose strings live in the same block;
 * free it with psutil_free(). Errors: PSUTIL_EINVAL, PSUTIL_EPARSE (a malformed line),
 * PSUTIL_ENOMEM, PSUTIL_EOS. */
PSUTIL_API int(psutil_disk_partitions)(int all, psutil_disk_partition_t **out, size_t *out_n,
                                       size_t stride);
#define psutil_disk_partitions(all, out, out_n)                                                    \
    (psutil_disk_partitions)((all), (out), (out_n), sizeof(psutil_disk_partition_t))

/* Space on the filesystem holding path, bytes, as df. */
typedef struct psutil_disk_usage_t {
    uint64_t total;      /* bytes; statvfs f_blocks x f_frsize */
    uint64_t used;       /* bytes; (f_blocks - f_bfree) x f_frsize */
    uint64_t free;       /* bytes available to unprivileged users; f_bavail x f_frsize */
    double percent;      /* %; used / (used + free) x 100, as df's Use% (before rounding up) */
    uint64_t files;      /* inodes; statvfs f_files (0 where the filesystem has no limit) */
    uint64_t files_free; /* free inodes; statvfs f_ffree */
} psutil_disk_usage_t;

/* Errors: PSUTIL_EINVAL (path NULL, empty, missing or not a directory/file that
 * exists: ENOENT, ENOTDIR, ENAMETOOLONG in psutil_last_error()), PSUTIL_EACCES,
 * PSUTIL_EOS. statvfs can block on an unreachable network filesystem. */
PSUTIL_API int(psutil_disk_usage)(const char *path, psutil_disk_usage_t *out, size_t size);
#define psutil_disk_usage(path, out) (psutil_disk_usage)((path), (out), sizeof(psutil_disk_usage_t))

/* I/O since boot. Linux: /proc/diskstats (Documentation/admin-guide/iostats.rst). */
typedef struct psutil_disk_io_t {
    const char *name;              /* "sda", "nvme0n1p1"; "" in the total */
    uint64_t read_count;           /* reads completed; field 4 */
    uint64_t write_count;          /* writes completed; field 8 */
    uint64_t read_bytes;           /* bytes; sectors read (field 6) x 512 */
    uint64_t write_bytes;          /* bytes; sectors written (field 10) x 512 */
    uint64_t read_time;            /* ms spent reading; field 7 */
    uint64_t write_time;           /* ms spent writing; field 11 */
    uint64_t read_merged_count;    /* reads merged; field 5 */
    uint64_t write_merged_count;   /* writes merged; field 9 */
    uint64_t busy_time;            /* ms with I/O in flight; field 13 */
    uint64_t weighted_time;        /* ms of I/O time weighted by the I/Os in flight (queue
                                    * time x depth); field 14 */
    uint64_t discard_count;        /* discards completed; field 15 (Linux 4.18+, else 0) */
    uint64_t discard_merged_count; /* discards merged; field 16 (4.18+) */
    uint64_t discard_bytes;        /* bytes; sectors discarded (field 17) x 512 (4.18+) */
    uint64_t discard_time;         /* ms spent discarding; field 18 (4.18+) */
    uint64_t flush_count;          /* flush requests completed; field 19 (5.5+, else 0) */
    uint64_t flush_time;           /* ms spent flushing; field 20 (5.5+) */
    uint64_t in_progress;          /* I/Os in flight now; field 12 (a gauge: 0 in the total,
                                    * never adjusted by a nowrap tracker) */
    uint32_t major;                /* the device's major number; field 1 (0 in the total) */
    uint32_t minor;                /* the device's minor number; field 2 (0 in the total) */
    uint32_t column_count; /* the counters the kernel printed for the device after its name: 4
                            * (2.6.0-2.6.24 partitions), 11, 15 (4.18+: with discards), 17 (5.5+:
                            * with flushes), or more; 0 in the total. Figures past columns are 0,
                            * not zero events. */
} psutil_disk_io_t;

/* The sum over whole disks (the devices in sysfs block/, so partitions never count
 * twice). nw: a nowrap tracker, or NULL for raw sums. name is "".
 * Errors: PSUTIL_EINVAL, PSUTIL_EPARSE, PSUTIL_EOS. */
PSUTIL_API int(psutil_disk_io_counters)(psutil_nowrap_t *nw, psutil_disk_io_t *out, size_t size);
#define psutil_disk_io_counters(nw, out)                                                           \
    (psutil_disk_io_counters)((nw), (out), sizeof(psutil_disk_io_t))
/* One Linux software RAID array (md). Linux: /proc/mdstat (drivers/md/md.c,
 * md_seq_show): a line "mdN : state [(read-only)] level member[k][(F|S)]...", a status
 * line "B blocks ... [n/m] [UU_]", an optional bitmap line and a sync line. */
typedef struct psutil_md_array_t {
    const char *name;       /* "md0" */
    const char *state;      /* "active" or "inactive"; while the array syncs "recovering",
                             * "resyncing" or "checking" */
    const char *level;      /* the personality: "raid1", "raid5", "raid0", "linear"; ""
                             * for an inactive array */
    int64_t disks_required; /* members the array is made of: n of [n/m]; raid0 and linear:
                             * the members listed; 0 for an inactive array */
    int64_t disks_active;   /* members working: m of [n/m] (raid0, linear: as required) */
    int64_t disks_failed;   /* members marked (F) */
    int64_t disks_spare;    /* members marked (S) */
    int64_t disks_down;     /* '_' slots of [UU_] */
    uint64_t blocks;        /* size in 1 KiB blocks: the status line's first figure */
    uint64_t blocks_synced; /* blocks done of the running recovery, resync or check (0
                             * while it is PENDING or DELAYED); blocks otherwise */
} psutil_md_array_t;

/* Every array of /proc/mdstat, in its order (an array whose lines do not parse is left
 * out). One block (strings inside); psutil_free(). No md driver loaded (no file) gives 0
 * arrays. Errors: PSUTIL_EINVAL, PSUTIL_ENOMEM, PSUTIL_EACCES, PSUTIL_EOS, PSUTIL_ENOTSUP.
 * Thread-safe. */
PSUTIL_API int(psutil_md_arrays)(psutil_md_array_t **out, size_t *out_n, size_t stride);
#define psutil_md_arrays(out, out_n) (psutil_md_arrays)((out), (out_n), sizeof(psutil_md_array_t))

/* Every device /proc/diskstats lists, partitions included, in its order. *out is one
 * block (names inside); free it with psutil_free(). */
PSUTIL_API int(psutil_disk_io_counters_perdisk)(psutil_nowrap_t *nw, psutil_disk_io_t **out,
                                                size_t *out_n, size_t stride);
#define psutil_disk_io_counters_perdisk(nw, out, out_n)                                            \
    (psutil_disk_io_counters_perdisk)((nw), (out), (out_n), sizeof(psutil_disk_io_t))

/* ------------------------------------------------------------------------------ */
/* Sensors                                                                         */
/* ------------------------------------------------------------------------------ */

/* One temperature sensor. Linux: sysfs class/hwmon/hwmonN/tempK_{input,max,crit,label}
 * (Documentation/hwmon/sysfs-interface.rst, millidegrees), or, when no hwmon device
 * has a temperature, class/thermal/thermal_zoneN/{temp,type,trip_point_K_*}. */
typedef struct psutil_temperature_t {
    const char *chip;   /* hwmon "name" ("coretemp") or thermal zone "type"; two chips of
                           one driver (two NVMe drives) share it: tell them apart by hwmon
                           or device */
    const char *label;  /* tempK_label, "" when none */
    double current;     /* degrees Celsius */
    double high;        /* degrees Celsius; NaN when unknown */
    double critical;    /* degrees Celsius; NaN when unknown */
    const char *hwmon;  /* the chip's sysfs entry: "hwmon2" (class/hwmon) or "thermal_zone0"
                           (class/thermal); unique while the machine runs, but the numbering
                           may change across boots */
    const char *device; /* the chip's device below the sysfs root, the resolved hwmonN/device
                           link ("devices/pci0000:00/0000:00:1d.0/nvme/nvme0"): stable across
                           boots; "" when the chip has none (virtual chips, thermal zones) */
    int index;          /* K of tempK_input; N of thermal_zoneN */
} psutil_temperature_t;

/* Every readable temperature, grouped by chip in sysfs order. *out is one block
 * (strings inside); free with psutil_free(). No sensor gives 0 entries and success.
 * Unreadable or malformed sensor files skip that sensor. Errors: PSUTIL_EINVAL,
 * PSUTIL_ENOMEM. */
PSUTIL_API int(psutil_sensors_temperatures)(psutil_temperature_t **out, size_t *out_n,
                                            size_t stride);
#define psutil_sensors_temperatures(out, out_n)                                                    \
    (psutil_sensors_temperatures)((out), (out_n), sizeof(psutil_temperature_t))

/* Every thermal zone with a readable temperature and type, whether or not hwmon has
 * sensors (what node_exporter's thermal_zone collector exports), in zone order, as
 * psutil_temperature_t: chip is the zone's type ("x86_pkg_temp", "acpitz"), hwmon
 * "thermal_zoneN", index N, label and device "", high and critical from the zone's trip
 * points of those types. Linux: sysfs class/thermal/thermal_zoneN
 * (Documentation/driver-api/thermal/sysfs-api.rst). Ownership and errors as
 * psutil_sensors_temperatures; no zone gives 0 entries. Thread-safe. */
PSUTIL_API int(psutil_sensors_thermal_zones)(psutil_temperature_t **out, size_t *out_n,
                                             size_t stride);
#define psutil_sensors_thermal_zones(out, out_n)                                                   \
    (psutil_sensors_thermal_zones)((out), (out_n), sizeof(psutil_temperature_t))

/* One cooling device of the thermal framework (a fan, a processor's throttling). Linux:
 * sysfs class/thermal/cooling_deviceN/{type,cur_state,max_state}. */
typedef struct psutil_cooling_device_t {
    int index;         /* N of cooling_deviceN */
    const char *type;  /* "Processor", "Fan", "intel_powerclamp" */
    int64_t cur_state; /* the throttle state now, 0 .. max_state (driver-defined steps) */
    int64_t max_state; /* the deepest throttle state */
} psutil_cooling_device_t;

/* Every cooling device whose three files read, in device order (others are left out).
 * One block; psutil_free(). No device gives 0 entries. Errors: PSUTIL_EINVAL,
 * PSUTIL_ENOMEM, PSUTIL_ENOTSUP (no such report on this OS). Thread-safe. */
PSUTIL_API int(psutil_sensors_cooling_devices)(psutil_cooling_device_t **out, size_t *out_n,
                                               size_t stride);
#define psutil_sensors_cooling_devices(out, out_n)                                                 \
    (psutil_sensors_cooling_devices)((out), (out_n), sizeof(psutil_cooling_device_t))

/* One fan. Linux: sysfs class/hwmon/hwmonN/fanK_{input,label}. */
typedef struct psutil_fan_t {
    const char *chip;   /* hwmon "name" */
    const char *label;  /* fanK_label, "" when none */
    uint64_t rpm;       /* revolutions per minute; fanK_input (a negative reading is 0) */
    const char *hwmon;  /* as psutil_temperature_t.hwmon */
    const char *device; /* as psutil_temperature_t.device */
    int index;          /* K of fanK_input */
} psutil_fan_t;

/* As psutil_sensors_temperatures, for fans. */
PSUTIL_API int(psutil_sensors_fans)(psutil_fan_t **out, size_t *out_n, size_t stride);
#define psutil_sensors_fans(out, out_n) (psutil_sensors_fans)((out), (out_n), sizeof(psutil_fan_t))

/* secsleft values that are not a number of seconds. */
#define PSUTIL_POWER_TIME_UNKNOWN (-1.0)
#define PSUTIL_POWER_TIME_UNLIMITED (-2.0)

/* The system's battery. Linux: the first of sysfs class/power_supply/BAT*, *battery* or
 * type "Battery" (Documentation/ABI/testing/sysfs-class-power), leaving out supplies
 * whose type is not Battery and those whose scope is "Device" (a mouse's or keyboard's
 * own battery is not the system's). */
typedef struct psutil_battery_t {
    double percent;    /* %; energy_now / energy_full (or charge_*), else capacity; within
                          0..100 whatever the driver reports (a negative charge is ignored) */
    double secsleft;   /* seconds to empty; PSUTIL_POWER_TIME_UNLIMITED when plugged in,
                          PSUTIL_POWER_TIME_UNKNOWN when it cannot be told */
    int power_plugged; /* 1 on AC power, 0 on battery, -1 unknown */
} psutil_battery_t;

/* Errors: PSUTIL_EINVAL, PSUTIL_ENOTSUP (no battery: psutil's None). */
PSUTIL_API int(psutil_sensors_battery)(psutil_battery_t *out, size_t size);
#define psutil_sensors_battery(out) (psutil_sensors_battery)((out), sizeof(psutil_battery_t))

/* ------------------------------------------------------------------------------ */
/* Users                                                                           */
/* ------------------------------------------------------------------------------ */

/* A logged-in session. */
typedef struct psutil_user_t {
    const char *name;     /* user name */
    const char *terminal; /* "pts/0", "tty1"; "" when none */
    const char *host;     /* remote host; "localhost" for X displays ":0"; "" when local */
    double started;       /* epoch seconds the session started */
    int64_t pid;          /* session leader's pid; -1 when unknown */
} psutil_user_t;

/* Sessions from utmp (<run root>/utmp, USER_PROCESS records); where there is no utmp,
 * from systemd-logind's <run root>/systemd/sessions/ files (user-class sessions).
 * *out is one block (strings inside); free with psutil_free(). Errors: PSUTIL_EINVAL,
 * PSUTIL_ENOMEM, PSUTIL_EPARSE (a utmp file whose size is not a whole number of
 * records), PSUTIL_EOS. */
PSUTIL_API int(psutil_users)(psutil_user_t **out, size_t *out_n, size_t stride);
#define psutil_users(out, out_n) (psutil_users)((out), (out_n), sizeof(psutil_user_t))

/* ------------------------------------------------------------------------------ */
/* Processes                                                                       */
/* ------------------------------------------------------------------------------ */

/* A process id. Signed and 64-bit so every OS's pids fit. */
typedef int64_t psutil_pid_t;

/* Sorted pids of every process (zombies included; thread ids are not pids). Linux: the
 * numeric entries of /proc. *out is one block; free with psutil_free(). */
PSUTIL_API int psutil_pids(psutil_pid_t **out, size_t *out_n);

/* *out = 1 when a process (not a thread) with this pid exists, zombies included.
 * pid <= 0 gives *out = 0. Errors: PSUTIL_EINVAL (out NULL). */
PSUTIL_API int psutil_pid_exists(psutil_pid_t pid, int *out);

/*
 * A process handle: the pid plus the process's start time (Linux: /proc/PID/stat
 * starttime, clock ticks since boot, so clock changes do not matter). Every call on a
 * handle first proves the process is still the one it opened: it opens /proc/PID as a
 * directory, reads stat through it and compares the start time (one openat and one
 * small read, about 5 us), then reads everything else through that directory, which the
 * kernel ties to the process: once the pid is reused the handle answers
 * PSUTIL_ENOSUCHPROC, never another process's data. Inside a oneshot window the
 * directory and stat are read once for all calls.
 *
 * Handles are not thread-safe: use one per thread, or lock. Handles hold no file
 * descriptor between calls.
 *
 * Errors common to every psutil_proc_* call: PSUTIL_EINVAL (NULL handle or output),
 * PSUTIL_ENOSUCHPROC (gone or reused), PSUTIL_EZOMBIE (exited, not yet reaped, and
 * the value needs a live process), PSUTIL_EACCES (EPERM/EACCES), PSUTIL_EPARSE.
 */
typedef struct psutil_proc_t psutil_proc_t;

/* Opens a handle. Errors: PSUTIL_EINVAL (pid <= 0 or above kernel.pid_max),
 * PSUTIL_ENOSUCHPROC (no such process, or pid is a thread id), PSUTIL_ENOMEM. */
PSUTIL_API int psutil_proc_open(psutil_pid_t pid, psutil_proc_t **out);
/* Closes a handle (ends a oneshot window); NULL is ignored. */
PSUTIL_API void psutil_proc_close(psutil_proc_t *p);
/* The pid (a pure getter; -1 for NULL). */
PSUTIL_API psutil_pid_t psutil_proc_pid(const psutil_proc_t *p);
/* 1 when both handles name the same process (pid and start time), else 0. */
PSUTIL_API int psutil_proc_equal(const psutil_proc_t *a, const psutil_proc_t *b);
/* A hash of pid and start time, consistent with psutil_proc_equal(). */
PSUTIL_API uint64_t psutil_proc_hash(const psutil_proc_t *p);
/* *out = 1 while the process runs (zombies included), 0 once gone or its pid reused. */
PSUTIL_API int psutil_proc_is_running(psutil_proc_t *p, int *out);

/* Closes every handle of a list returned by parents/children/iteration helpers and
 * frees the list. NULL is ignored. */
PSUTIL_API void psutil_proc_list_close(psutil_proc_t **list, size_t n);

/* Iteration over every process in pid order, zombies included; processes that end
 * before their turn are skipped. *out is a new handle (close it), NULL at the end. */
typedef struct psutil_proc_iter_t psutil_proc_iter_t;
PSUTIL_API int psutil_proc_iter_open(psutil_proc_iter_t **out);
PSUTIL_API int psutil_proc_iter_next(psutil_proc_iter_t *it, psutil_proc_t **out);
PSUTIL_API void psutil_proc_iter_close(psutil_proc_iter_t *it);

/* oneshot: between begin and end, the handle keeps /proc/PID open and reads stat,
 * status and statm once, so many getters cost one read each (psutil's oneshot()).
 * Values may be as old as the window. Nested begins are counted. */
PSUTIL_API int psutil_proc_oneshot_begin(psutil_proc_t *p);
PSUTIL_API void psutil_proc_oneshot_end(psutil_proc_t *p);

/* --- identity and tree -------------------------------------------------------------- */

/* Parent pid; /proc/PID/stat field 4 (0 for pid 1 and kernel threads' parent). */
PSUTIL_API int psutil_proc_ppid(psutil_proc_t *p, psutil_pid_t *out);
/* A handle on the parent, or *out = NULL when it has none or it is gone. The parent
 * must have started before the child, or it is a reused pid and *out is NULL. */
PSUTIL_API int psutil_proc_parent(psutil_proc_t *p, psutil_proc_t **out);
/* Handles on the parent, grandparent, ... up to pid 1 (psutil's parents()). Free with
 * psutil_proc_list_close(). Each pid appears once: a cycle in a foreign or corrupt tree
 * (a fixture, a capture) ends the list. */
PSUTIL_API int psutil_proc_parents(psutil_proc_t *p, psutil_proc_t ***out, size_t *out_n);
/* Handles on the children (recursive != 0: all descendants, breadth first), found with
 * one scan of every /proc/PID/stat (O(n log n) in the process count). Each process appears
 * once, cycles included. Free with psutil_proc_list_close(). */
PSUTIL_API int psutil_proc_children(psutil_proc_t *p, int recursive, psutil_proc_t ***out,
                                    size_t *out_n);
/* Start time, seconds since the epoch: stat starttime / CLK_TCK + boot time. */
PSUTIL_API int psutil_proc_create_time(psutil_proc_t *p, double *out);

/* --- strings (each result one block: free with psutil_free()) ------------------------ */

/* Name: stat's comm (15 characters), or the basename of argv[0] when comm is a prefix
 * of it, so long names come out whole (psutil). argv[0] is the first argument as
 * psutil_proc_cmdline() splits it: a title rewritten with spaces ("myworker: busy
 * processing") gives argv[0] "myworker:", which does not start with the comm, so the
 * name stays "myworker: busy ". */
PSUTIL_API int psutil_proc_name(psutil_proc_t *p, char **out);
/* Executable path (readlink exe), " (deleted)" removed when the file is gone; "" for
 * kernel threads and zombies, as psutil. When the link is closed to the caller (another
 * user's process), argv[0] if it is an absolute path to an executable file, as psutil
 * guesses it; else PSUTIL_EACCES. */
PSUTIL_API int psutil_proc_exe(psutil_proc_t *p, char **out);
/* Working directory and root directory (readlink cwd, root). */
PSUTIL_API int psutil_proc_cwd(psutil_proc_t *p, char **out);
PSUTIL_API int psutil_proc_root(psutil_proc_t *p, char **out);
/* Arguments: NUL-separated in /proc/PID/cmdline; a process that rewrote its title
 * into one space-separated string (setproctitle) is split on spaces, as psutil. An
 * empty list for kernel threads and zombies. *out holds *out_n pointers followed by
 * the strings, one block. */
PSUTIL_API int psutil_proc_cmdline(psutil_proc_t *p, char ***out, size_t *out_n);

typedef struct psutil_env_var_t {
    const char *key;   /* "PATH" */
    const char *value; /* "/usr/bin:/bin" */
} psutil_env_var_t;
/* Environment at exec time (/proc/PID/environ), one block. */
PSUTIL_API int(psutil_proc_environ)(psutil_proc_t *p, psutil_env_var_t **out, size_t *out_n,
                                    size_t stride);
#define psutil_proc_environ(p, out, out_n)                                                         \
    (psutil_proc_environ)((p), (out), (out_n), sizeof(psutil_env_var_t))
/* Controlling terminal ("/dev/pts/3"), "" when none; stat tty_nr matched under /dev. */
PSUTIL_API int psutil_proc_terminal(psutil_proc_t *p, char **out);
/* Name of the real uid (passwd), or the uid in decimal when it has no name. */
PSUTIL_API int psutil_proc_username(psutil_proc_t *p, char **out);

/* --- status and ids -------------------------------------------------------------------- */

enum psutil_proc_status {
    PSUTIL_STATUS_RUNNING = 1,  /* R */
    PSUTIL_STATUS_SLEEPING,     /* S */
    PSUTIL_STATUS_DISK_SLEEP,   /* D */
    PSUTIL_STATUS_STOPPED,      /* T */
    PSUTIL_STATUS_TRACING_STOP, /* t */
    PSUTIL_STATUS_ZOMBIE,       /* Z */
    PSUTIL_STATUS_DEAD,         /* X, x */
    PSUTIL_STATUS_WAKE_KILL,    /* K */
    PSUTIL_STATUS_WAKING,       /* W */
    PSUTIL_STATUS_IDLE,         /* I */
    PSUTIL_STATUS_PARKED        /* P */
};
/* psutil's name for a status ("running", "disk-sleep", ...); "?" when unknown. */
PSUTIL_API const char *psutil_proc_status_name(int status);
/* The state letter of /proc/PID/stat as a psutil_proc_status. Works on zombies. */
PSUTIL_API int psutil_proc_status(psutil_proc_t *p, int *out);

typedef struct psutil_ids_t {
    int64_t real;      /* /proc/PID/status Uid:/Gid: first column */
    int64_t effective; /* second column */
    int64_t saved;     /* third column */
} psutil_ids_t;        /* frozen (conventions: ABI) */
PSUTIL_API int(psutil_proc_uids)(psutil_proc_t *p, psutil_ids_t *out, size_t size);
#define psutil_proc_uids(p, out) (psutil_proc_uids)((p), (out), sizeof(psutil_ids_t))
PSUTIL_API int(psutil_proc_gids)(psutil_proc_t *p, psutil_ids_t *out, size_t size);
#define psutil_proc_gids(p, out) (psutil_proc_gids)((p), (out), sizeof(psutil_ids_t))

/* --- scheduling ------------------------------------------------------------------------ */

/* Nice value -20..19 (stat field 19). The setter takes -20..19 (else PSUTIL_EINVAL);
 * lowering it needs privilege (PSUTIL_EACCES). Windows: the priority class, as psutil
 * (GetPriorityClass: 64 idle, 16384 below normal, 32 normal, 32768 above normal, 128
 * high, 256 realtime); the setter takes one of those (else PSUTIL_EINVAL). */
PSUTIL_API int psutil_proc_nice(psutil_proc_t *p, int *out);
PSUTIL_API int psutil_proc_set_nice(psutil_proc_t *p, int value);

enum psutil_ioprio_class {
    PSUTIL_IOPRIO_CLASS_NONE = 0,
    PSUTIL_IOPRIO_CLASS_RT = 1,
    PSUTIL_IOPRIO_CLASS_BE = 2,
    PSUTIL_IOPRIO_CLASS_IDLE = 3
};
typedef struct psutil_ionice_t {
    int ioclass; /* psutil_ioprio_class */
    int value;   /* 0 (highest) .. 7 for RT and BE; 0 for NONE and IDLE */
} psutil_ionice_t;
/* ioprio_get/ioprio_set (Documentation/block/ioprio.rst). The setter refuses an unknown
 * class, a value outside 0..7, or a value with NONE or IDLE (PSUTIL_EINVAL). Windows:
 * ioclass is the I/O priority (ProcessIoPriority: 0 very low, 1 low, 2 normal, 3 high, as
 * psutil's IOPRIO_*), value 0. */
PSUTIL_API int(psutil_proc_ionice)(psutil_proc_t *p, psutil_ionice_t *out, size_t size);
#define psutil_proc_ionice(p, out) (psutil_proc_ionice)((p), (out), sizeof(psutil_ionice_t))
PSUTIL_API int psutil_proc_set_ionice(psutil_proc_t *p, int ioclass, int value);

enum psutil_rlimit_resource {
    PSUTIL_RLIMIT_AS = 0,
    PSUTIL_RLIMIT_CORE,
    PSUTIL_RLIMIT_CPU,
    PSUTIL_RLIMIT_DATA,
    PSUTIL_RLIMIT_FSIZE,
    PSUTIL_RLIMIT_LOCKS,
    PSUTIL_RLIMIT_MEMLOCK,
    PSUTIL_RLIMIT_MSGQUEUE,
    PSUTIL_RLIMIT_NICE,
    PSUTIL_RLIMIT_NOFILE,
    PSUTIL_RLIMIT_NPROC,
    PSUTIL_RLIMIT_RSS,
    PSUTIL_RLIMIT_RTPRIO,
    PSUTIL_RLIMIT_RTTIME,
    PSUTIL_RLIMIT_SIGPENDING,
    PSUTIL_RLIMIT_STACK
};
/* "No limit": distinct from every finite value. */
#define PSUTIL_RLIM_INFINITY UINT64_MAX
typedef struct psutil_rlimit_t {
    uint64_t soft; /* resource units, or PSUTIL_RLIM_INFINITY */
    uint64_t hard; /* resource units, or PSUTIL_RLIM_INFINITY */
} psutil_rlimit_t; /* frozen (conventions: ABI) */
/* prlimit(2). The setter refuses an unknown resource or soft > hard (PSUTIL_EINVAL);
 * raising a hard limit needs privilege (PSUTIL_EACCES). */
PSUTIL_API int(psutil_proc_rlimit)(psutil_proc_t *p, int resource, psutil_rlimit_t *out,
                                   size_t size);
#define psutil_proc_rlimit(p, resource, out)                                                       \
    (psutil_proc_rlimit)((p), (resource), (out), sizeof(psutil_rlimit_t))
PSUTIL_API int psutil_proc_set_rlimit(psutil_proc_t *p, int resource, psutil_rlimit_t limits);

/* CPUs the process may run on, ascending, for any number of CPUs (the mask grows past
 * 1024 as needed). *out is one block of *out_n CPU numbers. */
PSUTIL_API int psutil_proc_cpu_affinity(psutil_proc_t *p, int **out, size_t *out_n);
/* Sets the allowed CPUs. An empty list, a negative CPU number or one this machine does
 * not have gives PSUTIL_EINVAL and changes nothing; duplicates are harmless. */
PSUTIL_API int psutil_proc_set_cpu_affinity(psutil_proc_t *p, const int *cpus, size_t n);
/* The CPU it last ran on (stat field 39). */
PSUTIL_API int psutil_proc_cpu_num(psutil_proc_t *p, int *out);

/* --- CPU and I/O ------------------------------------------------------------------------ */

typedef struct psutil_proc_cpu_times_t {
    double user;            /* s; stat utime / CLK_TCK */
    double system;          /* s; stat stime */
    double children_user;   /* s; stat cutime (waited-for children) */
    double children_system; /* s; stat cstime */
    double iowait;          /* s; stat delayacct_blkio_ticks */
} psutil_proc_cpu_times_t;  /* frozen (conventions: ABI) */
PSUTIL_API int(psutil_proc_cpu_times)(psutil_proc_t *p, psutil_proc_cpu_times_t *out, size_t size);
#define psutil_proc_cpu_times(p, out)                                                              \
    (psutil_proc_cpu_times)((p), (out), sizeof(psutil_proc_cpu_times_t))

/* CPU use since this handle's previous call, percent of one CPU (may exceed 100 on
 * several CPUs); the first call gives 0.0. The previous sample lives in the handle. */
PSUTIL_API int psutil_proc_cpu_percent(psutil_proc_t *p, double *out);

typedef struct psutil_proc_io_t {
    uint64_t read_count;  /* read syscalls; /proc/PID/io syscr */
    uint64_t write_count; /* write syscalls; syscw */
    uint64_t read_bytes;  /* bytes fetched from storage; read_bytes */
    uint64_t write_bytes; /* bytes sent to storage; write_bytes */
    uint64_t read_chars;  /* bytes read by syscalls; rchar */
    uint64_t write_chars; /* bytes written by syscalls; wchar */
} psutil_proc_io_t;       /* frozen (conventions: ABI) */
/* /proc/PID/io is readable only by the owner and root (PSUTIL_EACCES otherwise). */
PSUTIL_API int(psutil_proc_io_counters)(psutil_proc_t *p, psutil_proc_io_t *out, size_t size);
#define psutil_proc_io_counters(p, out)                                                            \
    (psutil_proc_io_counters)((p), (out), sizeof(psutil_proc_io_t))

typedef struct psutil_ctx_switches_t {
    uint64_t voluntary;   /* status voluntary_ctxt_switches */
    uint64_t involuntary; /* status nonvoluntary_ctxt_switches */
} psutil_ctx_switches_t;  /* frozen (conventions: ABI) */
PSUTIL_API int(psutil_proc_num_ctx_switches)(psutil_proc_t *p, psutil_ctx_switches_t *out,
                                             size_t size);
#define psutil_proc_num_ctx_switches(p, out)                                                       \
    (psutil_proc_num_ctx_switches)((p), (out), sizeof(psutil_ctx_switches_t))

typedef struct psutil_page_faults_t {
    uint64_t minor; /* stat minflt */
    uint64_t major; /* stat majflt */
} psutil_page_faults_t;
PSUTIL_API int(psutil_proc_page_faults)(psutil_proc_t *p, psutil_page_faults_t *out, size_t size);
#define psutil_proc_page_faults(p, out)                                                            \
    (psutil_proc_page_faults)((p), (out), sizeof(psutil_page_faults_t))

/* --- threads and files ------------------------------------------------------------------ */

/* Threads (stat field 20). */
PSUTIL_API int psutil_proc_num_threads(psutil_proc_t *p, int64_t *out);
typedef struct psutil_thread_t {
    psutil_pid_t id; /* thread id */
    double user;     /* s; task/TID/stat utime */
    double system;   /* s; task/TID/stat stime */
} psutil_thread_t;
PSUTIL_API int(psutil_proc_threads)(psutil_proc_t *p, psutil_thread_t **out, size_t *out_n,
                                    size_t stride);
#define psutil_proc_threads(p, out, out_n)                                                         \
    (psutil_proc_threads)((p), (out), (out_n), sizeof(psutil_thread_t))

/* Open file descriptors (entries of /proc/PID/fd). Windows: open handles (psutil's
 * num_handles). */
PSUTIL_API int psutil_proc_num_fds(psutil_proc_t *p, int64_t *out);
typedef struct psutil_open_file_t {
    const char *path; /* absolute path of a regular file */
    int fd;
    uint64_t position; /* fdinfo pos */
    const char *mode;  /* "r", "w", "a", "r+" or "a+", from the flags */
    int flags;         /* fdinfo flags (open(2) flags) */
} psutil_open_file_t;
/* Regular files open, in fd order (sockets, pipes and devices are not files). Windows:
 * the process's file handles (SystemExtendedHandleInformation, duplicated into ours with
 * PROCESS_DUP_HANDLE) that name a disk file, not a directory, in handle order; fd is the
 * handle value, flags the handle's granted access mask, mode derived from it
 * (FILE_READ_DATA, FILE_WRITE_DATA, FILE_APPEND_DATA), path GetFinalPathNameByHandleW's
 * DOS path. */
PSUTIL_API int(psutil_proc_open_files)(psutil_proc_t *p, psutil_open_file_t **out, size_t *out_n,
                                       size_t stride);
#define psutil_proc_open_files(p, out, out_n)                                                      \
    (psutil_proc_open_files)((p), (out), (out_n), sizeof(psutil_open_file_t))

/* --- memory ------------------------------------------------------------------------------- */

typedef struct psutil_proc_memory_t {
    uint64_t rss;       /* bytes; statm resident x page size */
    uint64_t vms;       /* bytes; statm size */
    uint64_t shared;    /* bytes; statm shared (resident file-backed and shmem) */
    uint64_t text;      /* bytes; statm text */
    uint64_t data;      /* bytes; statm data (data + stack) */
} psutil_proc_memory_t; /* frozen (conventions: ABI) */
PSUTIL_API int(psutil_proc_memory_info)(psutil_proc_t *p, psutil_proc_memory_t *out, size_t size);
#define psutil_proc_memory_info(p, out)                                                            \
    (psutil_proc_memory_info)((p), (out), sizeof(psutil_proc_memory_t))

typedef struct psutil_proc_memory_ex_t {
    psutil_proc_memory_t base;
    uint64_t peak_rss;  /* bytes; status VmHWM */
    uint64_t peak_vms;  /* bytes; status VmPeak */
    uint64_t rss_anon;  /* bytes; status RssAnon (Linux 4.5+; 0 before) */
    uint64_t rss_file;  /* bytes; status RssFile */
    uint64_t rss_shmem; /* bytes; status RssShmem */
    uint64_t swap;      /* bytes; status VmSwap */
    uint64_t hugetlb;   /* bytes; status HugetlbPages */
} psutil_proc_memory_ex_t;
PSUTIL_API int(psutil_proc_memory_info_ex)(psutil_proc_t *p, psutil_proc_memory_ex_t *out,
                                           size_t size);
#define psutil_proc_memory_info_ex(p, out)                                                         \
    (psutil_proc_memory_info_ex)((p), (out), sizeof(psutil_proc_memory_ex_t))

typedef struct psutil_proc_memory_full_t {
    psutil_proc_memory_t base;
    uint64_t uss;  /* bytes; Private_Clean + Private_Dirty + Private_Hugetlb */
    uint64_t pss;  /* bytes; Pss */
    uint64_t swap; /* bytes; Swap */
} psutil_proc_memory_full_t;
/* From /proc/PID/smaps_rollup (Linux 4.14+), else summed over smaps. Costs a walk of
 * the page tables; readable by the owner and root. */
PSUTIL_API int(psutil_proc_memory_full_info)(psutil_proc_t *p, psutil_proc_memory_full_t *out,
                                             size_t size);
#define psutil_proc_memory_full_info(p, out)                                                       \
    (psutil_proc_memory_full_info)((p), (out), sizeof(psutil_proc_memory_full_t))

/* The expensive part of memory_full_info alone (psutil 8's memory_footprint()): what the
 * process alone holds. Linux: /proc/PID/smaps_rollup (4.14+), else summed over smaps;
 * readable by the owner and root. */
typedef struct psutil_proc_memory_footprint_t {
    uint64_t uss;  /* bytes; Private_Clean + Private_Dirty + Private_Hugetlb */
    uint64_t pss;  /* bytes; Pss */
    uint64_t swap; /* bytes; Swap */
} psutil_proc_memory_footprint_t;
PSUTIL_API int(psutil_proc_memory_footprint)(psutil_proc_t *p, psutil_proc_memory_footprint_t *out,
                                             size_t size);
#define psutil_proc_memory_footprint(p, out)                                                       \
    (psutil_proc_memory_footprint)((p), (out), sizeof(psutil_proc_memory_footprint_t))

enum psutil_memtype {
    PSUTIL_MEM_RSS = 0,
    PSUTIL_MEM_VMS,
    PSUTIL_MEM_SHARED,
    PSUTIL_MEM_TEXT,
    PSUTIL_MEM_DATA,
    PSUTIL_MEM_USS,
    PSUTIL_MEM_PSS,
    PSUTIL_MEM_SWAP
};
/* The given memory figure as a percent of total physical memory. */
PSUTIL_API int psutil_proc_memory_percent(psutil_proc_t *p, int memtype, double *out);

typedef struct psutil_memory_map_t {
    const char *path;        /* mapped file, or "[heap]", "[stack]", "[anon]", ... */
    const char *addr;        /* "7f00-7f10" (ungrouped only; "" when grouped) */
    const char *perms;       /* "r-xp" (ungrouped only; "" when grouped) */
    uint64_t rss, size, pss; /* bytes; smaps Rss, Size, Pss */
    uint64_t shared_clean, shared_dirty, private_clean, private_dirty; /* bytes */
    uint64_t referenced, anonymous, swap;                              /* bytes */
} psutil_memory_map_t;
/* Mappings from /proc/PID/smaps; grouped != 0 sums them per path in first-seen order.
 * A zombie or a kernel thread has none: an empty list, as psutil 5.9.4. Windows (as
 * psutil): the committed image and mapped-file regions (VirtualQueryEx), path from
 * GetMappedFileNameW as a DOS path, rss and size the region's size, the other sizes 0,
 * perms from the page protection ("r-xp"; s for a shared file view). */
PSUTIL_API int(psutil_proc_memory_maps)(psutil_proc_t *p, int grouped, psutil_memory_map_t **out,
                                        size_t *out_n, size_t stride);
#define psutil_proc_memory_maps(p, grouped, out, out_n)                                            \
    (psutil_proc_memory_maps)((p), (grouped), (out), (out_n), sizeof(psutil_memory_map_t))

/* --- control -------------------------------------------------------------------------------- */

/* Sends signal sig (0..64; 0 only checks) through a pidfd when the kernel has them
 * (Linux 5.3+), after proving identity, so it cannot reach a process that reused the
 * pid; older kernels: kill(2) right after the identity check. Errors: PSUTIL_EINVAL
 * (sig out of range), PSUTIL_ENOSUCHPROC, PSUTIL_EACCES (not permitted, or the handle
 * was read through a moved procfs root and the caller's process with that pid is not
 * the one it read: see "Where the kernel's files are read from"). The setters, ionice,
 * rlimit, cpu_affinity, wait and wait_procs follow the same rule. Windows: identity is
 * proven through the process handle the call acts on (its creation time); SIGTERM (15)
 * and SIGKILL (9) end the process (TerminateProcess, exit code the signal's number), 0
 * only checks, any other signal is PSUTIL_ENOTSUP. */
PSUTIL_API int psutil_proc_send_signal(psutil_proc_t *p, int sig);
PSUTIL_API int psutil_proc_suspend(psutil_proc_t *p);   /* SIGSTOP */
PSUTIL_API int psutil_proc_resume(psutil_proc_t *p);    /* SIGCONT */
PSUTIL_API int psutil_proc_terminate(psutil_proc_t *p); /* SIGTERM */
PSUTIL_API int psutil_proc_kill(psutil_proc_t *p);      /* SIGKILL */

typedef struct psutil_exit_t {
    int known;     /* 1 when the exit status is known (our child); 0 otherwise */
    int exit_code; /* exit status, or minus the signal that killed it; 0 when unknown */
} psutil_exit_t;   /* frozen (conventions: ABI) */
/* Waits until the process ends, at most timeout seconds (negative: no limit). Our own
 * child is reaped and its status reported; for any other process the status cannot be
 * known (known = 0). A process already gone returns at once with known = 0. Errors:
 * PSUTIL_ETIMEOUT, PSUTIL_EINVAL. */
PSUTIL_API int(psutil_proc_wait)(psutil_proc_t *p, double timeout, psutil_exit_t *out, size_t size);
#define psutil_proc_wait(p, timeout, out)                                                          \
    (psutil_proc_wait)((p), (timeout), (out), sizeof(psutil_exit_t))

/* Waits for several processes at once (psutil's wait_procs): returns when all ended or
 * timeout seconds passed (negative: no limit; 0: just check). gone[i] is set to 1 for
 * each ended process and status[i] to its exit, and callback (may be NULL) is called
 * once per process as it ends. Not a timeout error: the caller reads gone[]. */
typedef void (*psutil_wait_callback)(psutil_proc_t *p, const psutil_exit_t *status, void *arg);
PSUTIL_API int psutil_wait_procs(psutil_proc_t *const *procs, size_t n, double timeout,
                                 psutil_wait_callback callback, void *arg, int *gone,
                                 psutil_exit_t *status);

/* ------------------------------------------------------------------------------ */
/* Process table: every process at once, reading only what a field mask needs     */
/* ------------------------------------------------------------------------------ */

/* The namespaces a process is in: the inode of each /proc/PID/ns/NAME link (what
 * lsns and ps -o cgroupns, ipcns, ... show); two processes share a namespace when the
 * numbers are equal. 0 for one the kernel does not have (time: Linux 5.6+) or that
 * cannot be read (another user's, without privileges: then PSUTIL_EACCES when none can). */
typedef struct psutil_namespaces_t {
    uint64_t cgroup, ipc, mnt, net, pid, pid_for_children, time, time_for_children, user, uts;
} psutil_namespaces_t; /* frozen (conventions: ABI) */

/* Fields of a process-table row. Each names the /proc files it costs (Linux). */
enum psutil_proc_field {
    PSUTIL_PF_PPID = 1u << 0,          /* stat */
    PSUTIL_PF_NAME = 1u << 1,          /* stat; cmdline too when comm is cut at 15 chars */
    PSUTIL_PF_USERNAME = 1u << 2,      /* status: the real uid's name, as psutil_proc_username */
    PSUTIL_PF_UIDS = 1u << 3,          /* status */
    PSUTIL_PF_STATUS = 1u << 4,        /* stat */
    PSUTIL_PF_CPU_TIMES = 1u << 5,     /* stat */
    PSUTIL_PF_CREATE_TIME = 1u << 6,   /* stat */
    PSUTIL_PF_MEMORY = 1u << 7,        /* statm (rss, vms), as psutil_proc_memory_info; from
                                          status's VmRSS and VmSize (the same counters) when
                                          status is read anyway and SHARED is not asked */
    PSUTIL_PF_SHARED = 1u << 8,        /* statm */
    PSUTIL_PF_NUM_THREADS = 1u << 9,   /* stat */
    PSUTIL_PF_NICE = 1u << 10,         /* stat */
    PSUTIL_PF_TERMINAL = 1u << 11,     /* stat, tty names cached */
    PSUTIL_PF_CMDLINE = 1u << 12,      /* cmdline */
    PSUTIL_PF_IO = 1u << 13,           /* io (owner and root only) */
    PSUTIL_PF_CTX_SWITCHES = 1u << 14, /* status */
    PSUTIL_PF_NUM_FDS = 1u << 15,      /* fd/ (owner and root only) */
    PSUTIL_PF_EUSER = 1u << 16,        /* the owner of /proc/PID (effective uid): ps's USER */
    PSUTIL_PF_CGROUP = 1u << 17,       /* cgroup: ps's CGROUP, and the container id */
    PSUTIL_PF_NAMESPACES = 1u << 18,   /* ns/: the namespace inodes (ps -o netns, ...) */
    PSUTIL_PF_PAGE_FAULTS = 1u << 19,  /* stat: minor and major faults (ps -o min_flt,maj_flt) */
    PSUTIL_PF_SWAP = 1u << 20,         /* status: VmSwap */
    PSUTIL_PF_NOFILE = 1u << 21,       /* prlimit(2) RLIMIT_NOFILE; limits ("Max open files")
                                          when prlimit is refused or the root is not /proc */
    PSUTIL_PF_LOCKED = 1u << 22,       /* status: VmLck (ps's L flag) */
    PSUTIL_PF_ALL = (1u << 23) - 1
};

/* One process. Fields not requested, or not readable for this process (access denied,
 * a zombie's io), are zero and their bit is clear in `have`. */
typedef struct psutil_proc_row_t {
    uint32_t have; /* psutil_proc_field bits actually filled */
    psutil_pid_t pid;
    uint64_t start; /* start time in clock ticks since boot (identity, as handles);
                       Windows: the creation time, FILETIME 100-ns units */
    psutil_pid_t ppid;
    psutil_pid_t pgrp;    /* process group (with PSUTIL_PF_STATUS) */
    psutil_pid_t session; /* session id (with PSUTIL_PF_STATUS) */
    psutil_pid_t tpgid;   /* terminal's foreground group (with PSUTIL_PF_STATUS) */
    const char *name;     /* "" when not requested */
    const char *username; /* the real uid's login name, or the uid in decimal (psutil's;
                             with PSUTIL_PF_USERNAME) */
    const char *euser;    /* the /proc/PID owner's name, ps's USER (with PSUTIL_PF_EUSER) */
    int64_t euid;         /* owner of /proc/PID (with PSUTIL_PF_EUSER) */
    psutil_ids_t uids;
    int status; /* psutil_proc_status */
    psutil_proc_cpu_times_t cpu;
    double create_time; /* epoch s */
    uint64_t rss, vms;  /* bytes */
    uint64_t shared;    /* bytes */
    int64_t num_threads;
    int nice;
    const char *terminal; /* "pts/0", "tty1"; "" when none (ps's short form) */
    const char *cmdline;  /* arguments joined by spaces; "" for kernel threads, zombies */
    const char *args;     /* the same arguments, each followed by a NUL (psutil_proc_cmdline's
                             split: setproctitle titles split on spaces), args_len bytes */
    size_t args_len;      /* bytes of args, 0 when there is no argument */
    psutil_proc_io_t io;
    psutil_ctx_switches_t ctx;
    int64_t num_fds;
    const char *cgroup;       /* /proc/PID/cgroup as ps -o cgroup shows it: the lines of the
                                 hierarchies it is not at the root of, joined by ","
                                 ("4:memory:/docker/ID"); "" when at every root (with
                                 PSUTIL_PF_CGROUP) */
    const char *container_id; /* as psutil_proc_container_id; "" when none */
    psutil_namespaces_t ns;   /* as psutil_proc_namespaces (with PSUTIL_PF_NAMESPACES) */
    uint64_t min_flt;         /* page faults that needed no I/O, since the process started
                                 (stat field 10; with PSUTIL_PF_PAGE_FAULTS) */
    uint64_t maj_flt;         /* page faults that read from storage (stat field 12) */
    uint64_t swap;            /* bytes swapped out (status VmSwap, as memory_full_info's swap;
                                 0 for kernel threads and zombies; with PSUTIL_PF_SWAP) */
    psutil_rlimit_t nofile;   /* open-files limit, soft and hard, as psutil's
                                 rlimit(RLIMIT_NOFILE) (with PSUTIL_PF_NOFILE) */
    uint64_t locked;          /* bytes locked in memory by mlock(2), mlockall(2) or SHM_LOCK
                                 (status VmLck; ps's L flag when not 0; 0 for kernel threads
                                 and zombies; with PSUTIL_PF_LOCKED; Linux only) */
} psutil_proc_row_t;

/* A snapshot of every process in pid order, zombies included, reading only the files
 * `fields` needs through directory fds, with one buffer for all reads. A process that
 * ends during the scan is left out whole; no row ever mixes two processes (every file
 * of a row is read through the same /proc/PID directory). *out is one block of *out_n
 * rows with their strings; free it with psutil_free(). Bits of `fields` this library
 * does not know (a program built against a newer header) are accepted and ignored: a
 * row's `have` never has them, so the caller sees what it did not get. Errors:
 * PSUTIL_EINVAL (NULL output), PSUTIL_ENOMEM, PSUTIL_EOS (no procfs). Thread-safe. */
PSUTIL_API int(psutil_proc_table)(uint32_t fields, psutil_proc_row_t **out, size_t *out_n,
                                  size_t stride);
#define psutil_proc_table(fields, out, out_n)                                                      \
    (psutil_proc_table)((fields), (out), (out_n), sizeof(psutil_proc_row_t))

/* Rates between two snapshots, per row of `cur` (as top computes them). */
typedef struct psutil_proc_rate_t {
    double cpu_percent; /* % of one CPU over the interval; 0 for a process new in cur */
    double mem_percent; /* rss / total memory x 100 */
    double read_bps;    /* bytes/s read from storage (io read_bytes), 0 without io */
    double write_bps;   /* bytes/s written to storage (io write_bytes) */
    double min_flt_ps;  /* minor page faults per second (with PSUTIL_PF_PAGE_FAULTS) */
    double maj_flt_ps;  /* major page faults per second */
} psutil_proc_rate_t;

/* Fills rates[i] for cur[i], matching rows of prev by pid and start time (a reused pid
 * counts as new), over `interval` seconds (> 0). total_memory: bytes, for mem_percent
 * (0 leaves it 0). prev may be NULL (no previous snapshot: all rates 0).
 * Errors: PSUTIL_EINVAL. */
PSUTIL_API int(psutil_proc_table_rates)(const psutil_proc_row_t *prev, size_t prev_n,
                                        const psutil_proc_row_t *cur, size_t cur_n, double interval,
                                        uint64_t total_memory, psutil_proc_rate_t *rates,
                                        size_t row_stride, size_t rate_stride);
#define psutil_proc_table_rates(prev, prev_n, cur, cur_n, interval, total_memory, rates)           \
    (psutil_proc_table_rates)((prev), (prev_n), (cur), (cur_n), (interval), (total_memory),        \
                              (rates), sizeof(psutil_proc_row_t), sizeof(psutil_proc_rate_t))

/* A process monitor: the process table taken again and again (top, iotop, an exporter)
 * at the cost of reading the files it needs, not of finding and opening them. Created
 * with a field mask, refreshed by the caller; each refresh returns the table as
 * psutil_proc_table() does (pid order, zombies included, the same `have` rules) and the
 * rates since the previous refresh, as psutil_proc_table_rates() computes them.
 *
 * Between refreshes it keeps, per process identity (pid and start time), the /proc/PID
 * directory fd and an fd on each per-refresh file the mask needs (stat always; status,
 * statm, io, cgroup, the fd/ directory when asked) and reads them with pread() at
 * offset 0 (fd/ by its size, the open fd count since Linux 6.2, else getdents64 from
 * its start). A kept fd of a
 * process that has ended answers ESRCH, so a reused pid is always a new row with freshly
 * read fields, never the old process's. What cannot change for an identity is read
 * once: the command line (read again when comm changes, i.e. after an execve, or when
 * the process becomes a zombie; a process rewriting its own argv memory, as
 * setproctitle does, keeps its first command line here) and the start time. New pids
 * come from one pass over /proc per refresh.
 *
 * File descriptors: 1 + (number of kept files) per process, e.g. 3 for stat and statm,
 * 7 at most.
 * psutil_proc_monitor_new raises RLIMIT_NOFILE's soft limit to its hard limit (never
 * above 1,048,576) when it is lower; the monitor then keeps open at most the soft limit
 * less an eighth of it (at least 256 fds stay the caller's), and when that budget or
 * the system's runs out (EMFILE, ENFILE) it reads
 * the remaining processes by opening their files each refresh, as psutil_proc_table()
 * does: slower, never failing, never mixing two processes. psutil_proc_monitor_free
 * closes them all. Linux reads /proc; elsewhere PSUTIL_ENOTSUP. */
typedef struct psutil_proc_monitor_t psutil_proc_monitor_t; /* opaque */

/* Creates a monitor for `fields` (psutil_proc_field bits; unknown bits are ignored, as
 * psutil_proc_table does), opening the process root in force (psutil_set_root) now: a
 * later root change does not move it. Reads nothing yet. *out: free with
 * psutil_proc_monitor_free. Errors: PSUTIL_EINVAL (NULL out), PSUTIL_ENOMEM, PSUTIL_EOS
 * (no procfs). */
PSUTIL_API int psutil_proc_monitor_new(uint32_t fields, psutil_proc_monitor_t **out);

/* Refreshes: *rows receives the table (*n rows with their strings) and, when rates is
 * not NULL, *rates n rates, rates[i] for rows[i] since the previous refresh (all 0 on
 * the first; 0 for a process new since then). Both belong to the monitor and stay valid
 * until its next refresh or psutil_proc_monitor_free (the monitor builds them in the
 * same memory each time: no copy and no fresh pages per refresh); copy what must
 * outlive that. The interval is measured with CLOCK_MONOTONIC between refreshes;
 * mem_percent uses MemTotal read at this refresh. On an error nothing is written, the
 * previous refresh's rows are no longer valid, and the monitor stays usable (the rates
 * of the next success span both intervals). Errors: PSUTIL_EINVAL (NULL monitor or
 * output, bad stride), PSUTIL_ENOMEM, PSUTIL_EOS. One thread at a time per monitor
 * (distinct monitors are independent). */
PSUTIL_API int(psutil_proc_monitor_refresh)(psutil_proc_monitor_t *m,
                                            const psutil_proc_row_t **rows,
                                            const psutil_proc_rate_t **rates, size_t *n,
                                            size_t row_stride, size_t rate_stride);
#define psutil_proc_monitor_refresh(m, rows, rates, n)                                             \
    (psutil_proc_monitor_refresh)((m), (rows), (rates), (n), sizeof(psutil_proc_row_t),            \
                                  sizeof(psutil_proc_rate_t))

/* Closes every fd the monitor keeps and frees it. NULL is a no-op. */
PSUTIL_API void psutil_proc_monitor_free(psutil_proc_monitor_t *m);

/* ------------------------------------------------------------------------------ */
/* Network                                                                         */
/* ------------------------------------------------------------------------------ */

/* Address families, the same numbers on every OS. */
enum psutil_family {
    PSUTIL_AF_UNIX = 1,
    PSUTIL_AF_INET = 2,
    PSUTIL_AF_INET6 = 10,
    PSUTIL_AF_LINK = 17
};
/* Socket types. */
enum psutil_socktype { PSUTIL_SOCK_STREAM = 1, PSUTIL_SOCK_DGRAM = 2, PSUTIL_SOCK_SEQPACKET = 5 };

/* Traffic of one NIC since boot. Linux: /proc/net/dev (the caller's network namespace);
 * with the procfs root moved, <root>/1/net/dev (the host's). What follows a moved root:
 * everything read from files (processes, memory, CPU, disks, mounts from <root>/1/mounts,
 * these counters, psutil_net_connections's tables). What cannot: net_if_addrs and
 * net_if_stats (getifaddrs, ioctl and ethtool ask the kernel for the caller's own network
 * namespace; they describe it, whatever the root), and the actions on processes (see
 * "Where the kernel's files are read from"). */
typedef struct psutil_net_io_t {
    const char *name;       /* "eth0"; "" in the total */
    uint64_t bytes_sent;    /* bytes; transmit column 1 */
    uint64_t bytes_recv;    /* bytes; receive column 1 */
    uint64_t packets_sent;  /* transmit column 2 */
    uint64_t packets_recv;  /* receive column 2 */
    uint64_t errin;         /* receive errs */
    uint64_t errout;        /* transmit errs */
    uint64_t dropin;        /* receive drop */
    uint64_t dropout;       /* transmit drop */
    uint64_t fifoin;        /* receive fifo: FIFO buffer errors */
    uint64_t framein;       /* receive frame: framing errors */
    uint64_t compressedin;  /* receive compressed: compressed packets */
    uint64_t multicastin;   /* receive multicast: multicast frames */
    uint64_t fifoout;       /* transmit fifo */
    uint64_t collisions;    /* transmit colls */
    uint64_t carrierout;    /* transmit carrier: carrier losses */
    uint64_t compressedout; /* transmit compressed */
} psutil_net_io_t;

/* The sum over all NICs; nw: a nowrap tracker or NULL. Errors: PSUTIL_EINVAL,
 * PSUTIL_EPARSE, PSUTIL_EOS. */
PSUTIL_API int(psutil_net_io_counters)(psutil_nowrap_t *nw, psutil_net_io_t *out, size_t size);
#define psutil_net_io_counters(nw, out)                                                            \
    (psutil_net_io_counters)((nw), (out), sizeof(psutil_net_io_t))
/* Per NIC, in /proc/net/dev order; one block (names inside), psutil_free(). */
PSUTIL_API int(psutil_net_io_counters_pernic)(psutil_nowrap_t *nw, psutil_net_io_t **out,
                                              size_t *out_n, size_t stride);
#define psutil_net_io_counters_pernic(nw, out, out_n)                                              \
    (psutil_net_io_counters_pernic)((nw), (out), (out_n), sizeof(psutil_net_io_t))

/* One address of a NIC. Linux: getifaddrs(3). NICs without an address still have their
 * link-layer (PSUTIL_AF_LINK) entry. */
typedef struct psutil_net_addr_t {
    const char *nic;       /* "eth0" */
    int family;            /* PSUTIL_AF_INET, PSUTIL_AF_INET6 or PSUTIL_AF_LINK */
    const char *address;   /* "192.0.2.2", "fe80::1", "02:00:00:00:00:01" */
    const char *netmask;   /* "255.255.255.0", "ffff:ffff:ffff:ffff::"; "" when none */
    const char *broadcast; /* broadcast address, "" when none */
    const char *ptp;       /* point-to-point peer, "" when none */
} psutil_net_addr_t;

/* Every address of every NIC, grouped by NIC. One block; psutil_free(). */
PSUTIL_API int(psutil_net_if_addrs)(psutil_net_addr_t **out, size_t *out_n, size_t stride);
#define psutil_net_if_addrs(out, out_n)                                                            \
    (psutil_net_if_addrs)((out), (out_n), sizeof(psutil_net_addr_t))

enum psutil_duplex { PSUTIL_DUPLEX_UNKNOWN = 0, PSUTIL_DUPLEX_HALF = 1, PSUTIL_DUPLEX_FULL = 2 };

/* State of one NIC. Linux: SIOCGIFFLAGS, SIOCGIFMTU, ethtool (ETHTOOL_GLINKSETTINGS,
 * fallback ETHTOOL_GSET). */
typedef struct psutil_net_stats_t {
    const char *name;  /* "eth0" */
    int isup;          /* 1 when IFF_UP is set */
    int duplex;        /* psutil_duplex */
    uint32_t speed;    /* Mbps; 0 when unknown */
    uint32_t mtu;      /* bytes */
    const char *flags; /* "up,broadcast,running,multicast" (psutil's names) */
} psutil_net_stats_t;

PSUTIL_API int(psutil_net_if_stats)(psutil_net_stats_t **out, size_t *out_n, size_t stride);
#define psutil_net_if_stats(out, out_n)                                                            \
    (psutil_net_if_stats)((out), (out_n), sizeof(psutil_net_stats_t))

/* One counter of the network stack, as the kernel names it: what netstat -s prints and
 * node_exporter's netstat and sockstat collectors export (node_netstat_<name>,
 * node_sockstat_<name>). Linux: see psutil_net_snmp and psutil_net_sockstat. */
typedef struct psutil_net_counter_t {
    const char *name; /* "<Proto>_<Name>", the kernel's two names joined by '_':
                       * "Tcp_ActiveOpens", "TcpExt_ListenDrops", "Ip6_InOctets",
                       * "TCP_inuse", "sockets_used" */
    int64_t value;    /* as the kernel prints it, saturating at INT64_MAX (INT64_MIN):
                       * events since boot for counters (Tcp_InSegs: segments,
                       * IpExt_InOctets: bytes), gauges as they stand (Tcp_CurrEstab,
                       * TCP_inuse: sockets); Tcp_MaxConn is -1 (no limit); sockstat's
                       * *_mem are pages, FRAG_memory bytes */
} psutil_net_counter_t;

/* The protocol counters of the caller's network namespace (with the procfs root moved,
 * pid 1's): Linux /proc/net/snmp (Ip, Icmp, IcmpMsg, Tcp, Udp, UdpLite), /proc/net/netstat
 * (TcpExt, IpExt, MPTcpExt) and /proc/net/snmp6 (Ip6, Icmp6, Udp6, UdpLite6: the
 * protocol is the kernel's name up to its first '6'), in the files' order; the last two
 * add nothing where the kernel has no such file (no IPv6). A counter whose value is not
 * a number is left out. *out is one block (names inside); free with psutil_free().
 * Errors: PSUTIL_EINVAL, PSUTIL_ENOMEM, PSUTIL_EACCES, PSUTIL_EOS (no /proc/net/snmp),
 * PSUTIL_ENOTSUP (no such report on this OS). Thread-safe. */
PSUTIL_API int(psutil_net_snmp)(psutil_net_counter_t **out, size_t *out_n, size_t stride);
#define psutil_net_snmp(out, out_n) (psutil_net_snmp)((out), (out_n), sizeof(psutil_net_counter_t))

/* Sockets in use by protocol, as the kernel counts them for the caller's network
 * namespace (with the procfs root moved, pid 1's): Linux /proc/net/sockstat
 * ("sockets_used", "TCP_inuse", "TCP_orphan", "TCP_tw", "TCP_alloc", "TCP_mem" in pages,
 * "UDP_inuse", "UDP_mem", "UDPLITE_inuse", "RAW_inuse", "FRAG_inuse", "FRAG_memory" in
 * bytes) then /proc/net/sockstat6 ("TCP6_inuse", ..., nothing without IPv6), in the
 * files' order. Ownership, errors and threads as psutil_net_snmp (PSUTIL_EOS: no
 * /proc/net/sockstat). */
PSUTIL_API int(psutil_net_sockstat)(psutil_net_counter_t **out, size_t *out_n, size_t stride);
#define psutil_net_sockstat(out, out_n)                                                            \
    (psutil_net_sockstat)((out), (out_n), sizeof(psutil_net_counter_t))

/* Connection tracking's event counts (what node_exporter exports as
 * node_nf_conntrack_stat_*), named "conntrack_<the kernel's column>": "conntrack_found",
 * "conntrack_invalid", "conntrack_ignore", "conntrack_insert", "conntrack_insert_failed",
 * "conntrack_drop", "conntrack_early_drop", "conntrack_search_restart", ... as the
 * kernel's header names them, in its order: each the sum over CPUs of events since the
 * module loaded; "conntrack_entries" is the table's current size (one figure, not a
 * sum). The table's size and limit are psutil_sysctl's "net.netfilter.nf_conntrack_count"
 * and "nf_conntrack_max". Linux: /proc/net/stat/nf_conntrack, a header line then one line
 * of hex figures per CPU (lines that do not match the header are left out). Ownership,
 * errors and threads as psutil_net_snmp; PSUTIL_EOS without connection tracking (the
 * nf_conntrack module not loaded). */
PSUTIL_API int(psutil_net_conntrack)(psutil_net_counter_t **out, size_t *out_n, size_t stride);
#define psutil_net_conntrack(out, out_n)                                                           \
    (psutil_net_conntrack)((out), (out_n), sizeof(psutil_net_counter_t))

/* One CPU's share of receiving packets. Linux: /proc/net/softnet_stat, one line of hex
 * columns per online CPU (net/core/net-procfs.c, softnet_seq_show); the kernel prints
 * each as 32 bits, so counters wrap at 2^32. */
typedef struct psutil_softnet_t {
    int cpu;                   /* the CPU's number: column 13 (Linux 5.10+); on older
                                * kernels the line's position (offline CPUs have no line) */
    uint64_t processed;        /* packets taken off the backlog: column 1 */
    uint64_t dropped;          /* packets dropped, the backlog full: column 2 */
    uint64_t time_squeezed;    /* times the receive softirq ran out of budget or time with
                                * work left: column 3 */
    uint64_t received_rps;     /* times another CPU woke this one to steer packets (RPS):
                                * column 10, 0 where absent */
    uint64_t flow_limit_count; /* packets dropped by flow limits: column 11, 0 where absent */
    uint64_t backlog_len;      /* packets queued now: column 12 (5.10+), 0 where absent */
} psutil_softnet_t;

/* Every line, in the file's order; a line with fewer than three hex columns is left
 * out. One block; psutil_free(). Errors: PSUTIL_EINVAL, PSUTIL_ENOMEM, PSUTIL_EACCES,
 * PSUTIL_EOS (no /proc/net/softnet_stat), PSUTIL_ENOTSUP. Thread-safe. */
PSUTIL_API int(psutil_net_softnet)(psutil_softnet_t **out, size_t *out_n, size_t stride);
#define psutil_net_softnet(out, out_n)                                                             \
    (psutil_net_softnet)((out), (out_n), sizeof(psutil_softnet_t))

/* One entry of the kernel's IPv4 neighbour (ARP) table. Linux: /proc/net/arp
 * (net/ipv4/arp.c, arp_seq_show), the caller's network namespace; with the procfs root
 * moved, pid 1's. */
typedef struct psutil_net_arp_t {
    const char *ip;         /* "192.0.2.1" */
    int hw_type;            /* ARPHRD_*: 1 Ethernet, 772 loopback, 0x1 in the file */
    int flags;              /* ATF_*: 0x2 complete (ATF_COM), 0x4 permanent (ATF_PERM),
                             * 0 incomplete */
    const char *hw_address; /* "02:fc:00:00:00:05"; "00:00:00:00:00:00" while incomplete */
    const char *mask;       /* "*" (proxy entries carry a mask) */
    const char *device;     /* "eth0" */
} psutil_net_arp_t;

/* Every entry, in the file's order (a line without six fields is left out). One block
 * (strings inside); psutil_free(). Errors as psutil_net_softnet (PSUTIL_EOS: no
 * /proc/net/arp). Thread-safe. */
PSUTIL_API int(psutil_net_arp)(psutil_net_arp_t **out, size_t *out_n, size_t stride);
#define psutil_net_arp(out, out_n) (psutil_net_arp)((out), (out_n), sizeof(psutil_net_arp_t))

/* Which sockets psutil_net_connections lists. */
enum psutil_conn_kind {
    PSUTIL_CONN_KIND_ALL = 0, /* inet (tcp, udp; v4 and v6) and unix */
    PSUTIL_CONN_KIND_TCP,
    PSUTIL_CONN_KIND_TCP4,
    PSUTIL_CONN_KIND_TCP6,
    PSUTIL_CONN_KIND_UDP,
    PSUTIL_CONN_KIND_UDP4,
    PSUTIL_CONN_KIND_UDP6,
    PSUTIL_CONN_KIND_INET,
    PSUTIL_CONN_KIND_INET4,
    PSUTIL_CONN_KIND_INET6,
    PSUTIL_CONN_KIND_UNIX
};

/* TCP states (psutil's CONN_* names); PSUTIL_CONN_NONE for UDP and unix sockets. */
enum psutil_conn_status {
    PSUTIL_CONN_NONE = 0,
    PSUTIL_CONN_ESTABLISHED,
    PSUTIL_CONN_SYN_SENT,
    PSUTIL_CONN_SYN_RECV,
    PSUTIL_CONN_FIN_WAIT1,
    PSUTIL_CONN_FIN_WAIT2,
    PSUTIL_CONN_TIME_WAIT,
    PSUTIL_CONN_CLOSE,
    PSUTIL_CONN_CLOSE_WAIT,
    PSUTIL_CONN_LAST_ACK,
    PSUTIL_CONN_LISTEN,
    PSUTIL_CONN_CLOSING
};
/* psutil's name for a status: "ESTABLISHED", ..., "NONE". */
PSUTIL_API const char *psutil_conn_status_name(int status);

/* One socket. */
typedef struct psutil_connection_t {
    int fd;            /* the owner's fd, -1 when the owner is unknown */
    int family;        /* PSUTIL_AF_INET, PSUTIL_AF_INET6, PSUTIL_AF_UNIX */
    int type;          /* psutil_socktype */
    const char *laddr; /* local IP, or the unix path ("@name" for an abstract one) */
    int lport;         /* 0 for unix */
    const char *raddr; /* remote IP ("" when unconnected), or the unix peer path */
    int rport;
    int status;       /* psutil_conn_status */
    psutil_pid_t pid; /* owner, -1 when unknown (another user's without root) */
    uint32_t recv_q;  /* bytes queued for reading (listeners: pending connections) */
    uint32_t send_q;  /* bytes queued for sending (listeners: backlog) */
    uint64_t inode;   /* the socket's inode */
    int state;        /* the socket's own state, as ss shows it (status is psutil's, NONE for
                         UDP and unix): TCP's states; for UDP and unix PSUTIL_CONN_LISTEN (a
                         listening unix socket), PSUTIL_CONN_ESTABLISHED (connected) or
                         PSUTIL_CONN_CLOSE (unconnected, ss's UNCONN) */
} psutil_connection_t;

/* Every socket of the given kind, over NETLINK_SOCK_DIAG (inet_diag, unix_diag) as ss
 * does, falling back to /proc/net/{tcp,tcp6,udp,udp6,unix} when netlink is not
 * available; owners from one scan of /proc/PID/fd. With the procfs root moved, the
 * root's tables instead (<root>/1/net/..., the host's network namespace as its init
 * sees it; netlink could only describe the caller's) and owners from <root>/PID/fd.
 * One block; psutil_free().
 * Errors: PSUTIL_EINVAL (unknown kind), PSUTIL_EPARSE, PSUTIL_ENOMEM, PSUTIL_EOS. */
PSUTIL_API int(psutil_net_connections)(int kind, psutil_connection_t **out, size_t *out_n,
                                       size_t stride);
#define psutil_net_connections(kind, out, out_n)                                                   \
    (psutil_net_connections)((kind), (out), (out_n), sizeof(psutil_connection_t))

/* The sockets of one process (its own fds only; the system tables are read only for the
 * families it has sockets of). */
PSUTIL_API int(psutil_proc_connections)(psutil_proc_t *p, int kind, psutil_connection_t **out,
                                        size_t *out_n, size_t stride);
#define psutil_proc_connections(p, kind, out, out_n)                                               \
    (psutil_proc_connections)((p), (kind), (out), (out_n), sizeof(psutil_connection_t))

/* ------------------------------------------------------------------------------ */
/* Containers: the limits that bind                                                */
/* ------------------------------------------------------------------------------ */

/*
 * Inside a container the machine's figures are not the ones that bind: a cgroup's CPU
 * quota, cpuset and memory limit are. These read them for a process's cgroups (Linux:
 * /proc/PID/cgroup names them, the caller's /proc/self/mountinfo says where each
 * hierarchy is mounted), walking up from its cgroup to the hierarchy's root and keeping
 * the tightest limit of any level, as the kernel enforces it. cgroup v2 (the unified
 * hierarchy) is read for every controller it has; a controller it lacks is read from
 * its v1 hierarchy (hybrid machines, and v1-only ones). With the sysfs root moved,
 * mount points below /sys are read below that root (fixtures, a host's /sys).
 *
 * Limits are PSUTIL_UNLIMITED where the kernel has none ("max" in v2, v1's
 * PAGE_COUNTER_MAX), a number otherwise; a figure whose controller the process is in
 * no readable hierarchy of is 0 with its bit clear in `have`.
 */
#define PSUTIL_UNLIMITED UINT64_MAX
enum psutil_cgroup_have {
    PSUTIL_CG_CPU = 1u << 0,    /* cpu_quota, cpu_period (cpu controller) */
    PSUTIL_CG_CPUSET = 1u << 1, /* cpuset_cpus */
    PSUTIL_CG_MEMORY = 1u << 2, /* memory_max, memory_high, memory_current */
    PSUTIL_CG_SWAP = 1u << 3,   /* swap_max, swap_current (v2 memory.swap.*, v1 memsw) */
    PSUTIL_CG_PIDS = 1u << 4    /* pids_max, pids_current */
};
typedef struct psutil_cgroup_limits_t {
    uint32_t have;           /* psutil_cgroup_have bits of the figures read */
    int version;             /* 2 when any figure came from the unified hierarchy, else 1;
                                0 when the process is in no hierarchy the library can read */
    double cpu_quota;        /* CPUs the CFS bandwidth allows: quota / period of the tightest
                                level (v2 cpu.max, v1 cpu.cfs_quota_us / cpu.cfs_period_us);
                                -1 when no level has a quota */
    uint64_t cpu_period;     /* us; the period of that level (0 without a quota) */
    int cpuset_cpus;         /* CPUs in the cpuset (v2 cpuset.cpus.effective, v1
                                cpuset.effective_cpus or cpuset.cpus) */
    int affinity_cpus;       /* CPUs in the process's affinity mask (sched_getaffinity); -1
                                when the procfs root is moved (it is the caller's syscall) */
    double effective_cpus;   /* the CPUs it can use at most: the smallest of cpu_quota, the
                                cpuset, the affinity mask and the online CPUs */
    uint64_t memory_max;     /* bytes; v2 memory.max, v1 memory.limit_in_bytes; tightest */
    uint64_t memory_high;    /* bytes; v2 memory.high (throttling), tightest; v1 has none:
                                PSUTIL_UNLIMITED */
    uint64_t memory_current; /* bytes; v2 memory.current, v1 memory.usage_in_bytes */
    uint64_t swap_max;       /* bytes; v2 memory.swap.max; v1 memory.memsw.limit_in_bytes
                                minus memory_max (memory+swap in v1); tightest */
    uint64_t swap_current;   /* bytes; v2 memory.swap.current; v1 memsw.usage - usage */
    uint64_t pids_max;       /* tasks; pids.max, tightest */
    uint64_t pids_current;   /* tasks; pids.current */
} psutil_cgroup_limits_t;

/* The limits binding the calling process. Errors: PSUTIL_EINVAL (out NULL), PSUTIL_ENOTSUP
 * (no /proc/self/cgroup: a kernel without cgroups), PSUTIL_EPARSE, PSUTIL_EOS.
 * Thread-safe. */
PSUTIL_API int(psutil_cgroup_limits)(psutil_cgroup_limits_t *out, size_t size);
#define psutil_cgroup_limits(out) (psutil_cgroup_limits)((out), sizeof(psutil_cgroup_limits_t))
/* The same for any process; also PSUTIL_ENOSUCHPROC, PSUTIL_EACCES. */
PSUTIL_API int(psutil_proc_cgroup_limits)(psutil_proc_t *p, psutil_cgroup_limits_t *out,
                                          size_t size);
#define psutil_proc_cgroup_limits(p, out)                                                          \
    (psutil_proc_cgroup_limits)((p), (out), sizeof(psutil_cgroup_limits_t))

/* Every cgroup of the machine with what it uses, as systemd-cgtop lists them: the
 * hierarchies of the cpu (v1 cpuacct), memory, io (v1 blkio) and pids controllers are
 * walked (the unified one for each controller it has, as psutil_cgroup_limits decides)
 * and their cgroups merged by path, parents before children. A figure whose controller
 * has no such cgroup (or whose file the kernel lacks: the root's memory.current) is 0
 * with its bit clear. Rates are the caller's: take two lists and divide. A hierarchy is
 * walked to at most 64 levels and 100,000 cgroups; deeper or further ones are left out. */
enum psutil_cgroup_stat_have {
    PSUTIL_CGS_TASKS = 1u << 0,  /* tasks */
    PSUTIL_CGS_CPU = 1u << 1,    /* cpu_usage */
    PSUTIL_CGS_MEMORY = 1u << 2, /* memory_current */
    PSUTIL_CGS_IO = 1u << 3      /* io_read_bytes, io_write_bytes */
};
typedef struct psutil_cgroup_stat_t {
    const char *path;        /* "/", "/system.slice/ssh.service" (the hierarchy's view) */
    uint32_t have;           /* psutil_cgroup_stat_have bits */
    uint64_t tasks;          /* processes: lines of cgroup.procs (pids hierarchy, else
                                memory's, else cpu's) */
    uint64_t cpu_usage;      /* ns of CPU since the cgroup was made, its descendants
                                included: v2 cpu.stat usage_usec x 1000, v1 cpuacct.usage */
    uint64_t memory_current; /* bytes; v2 memory.current, v1 memory.usage_in_bytes */
    uint64_t io_read_bytes;  /* bytes read from block devices, summed over devices: v2
                                io.stat rbytes, v1 blkio.throttle.io_service_bytes Read */
    uint64_t io_write_bytes; /* bytes written: io.stat wbytes, v1 ... Write */
} psutil_cgroup_stat_t;
/* *out is one block of *out_n records (psutil_free()). Errors: PSUTIL_ENOTSUP (no cgroup
 * hierarchy mounted), PSUTIL_ENOMEM, PSUTIL_EOS. */
PSUTIL_API int(psutil_cgroup_stats)(psutil_cgroup_stat_t **out, size_t *out_n, size_t stride);
#define psutil_cgroup_stats(out, out_n)                                                            \
    (psutil_cgroup_stats)((out), (out_n), sizeof(psutil_cgroup_stat_t))

/* A process's cgroup in one hierarchy: a line of /proc/PID/cgroup. */
typedef struct psutil_cgroup_t {
    int hierarchy;           /* the hierarchy id; 0 for the unified (v2) hierarchy */
    const char *controllers; /* v1: "cpu,cpuacct", "name=systemd"; "" for v2 */
    const char *path;        /* the cgroup, relative to the hierarchy's root as the process's
                                cgroup namespace sees it: "/system.slice/x.service" */
} psutil_cgroup_t;
/* Every hierarchy the process is in, in the file's order. *out is one block of *out_n
 * records (psutil_free()). Errors: PSUTIL_ENOSUCHPROC, PSUTIL_ENOTSUP (no cgroups). */
PSUTIL_API int(psutil_proc_cgroups)(psutil_proc_t *p, psutil_cgroup_t **out, size_t *out_n,
                                    size_t stride);
#define psutil_proc_cgroups(p, out, out_n)                                                         \
    (psutil_proc_cgroups)((p), (out), (out_n), sizeof(psutil_cgroup_t))

/* The container a process runs in, when its cgroup paths name one: the 64-hex-digit id
 * of Docker ("/docker/ID", "docker-ID.scope"), Podman ("libpod-ID.scope"), containerd
 * and Kubernetes ("cri-containerd-ID.scope", "/kubepods/.../ID"), CRI-O ("crio-ID.scope").
 * *out (psutil_free()) is "" when no path names one. Errors as psutil_proc_cgroups. */
PSUTIL_API int psutil_proc_container_id(psutil_proc_t *p, char **out);

/* A process's namespaces: psutil_namespaces_t, defined with the process table. */
PSUTIL_API int(psutil_proc_namespaces)(psutil_proc_t *p, psutil_namespaces_t *out, size_t size);
#define psutil_proc_namespaces(p, out)                                                             \
    (psutil_proc_namespaces)((p), (out), sizeof(psutil_namespaces_t))

/* Pressure stall information (PSI, Linux 4.20+, Documentation/accounting/psi.rst): the
 * share of time some (or all, "full") tasks waited for a resource. */
enum psutil_pressure_resource {
    PSUTIL_PRESSURE_CPU = 0,
    PSUTIL_PRESSURE_MEMORY = 1,
    PSUTIL_PRESSURE_IO = 2
};
typedef struct psutil_pressure_t {
    double some_avg10, some_avg60, some_avg300; /* %; the "some" line's averages */
    uint64_t some_total;                        /* us stalled in all, "some" */
    double full_avg10, full_avg60, full_avg300; /* %; the "full" line's */
    uint64_t full_total;                        /* us */
    int has_full; /* 0 when the file has no "full" line (cpu before Linux 5.13) */
} psutil_pressure_t;
/* System-wide: /proc/pressure/{cpu,memory,io}. Errors: PSUTIL_EINVAL (unknown resource,
 * out NULL), PSUTIL_ENOTSUP (no PSI: an older kernel, or psi=0), PSUTIL_EPARSE. */
PSUTIL_API int(psutil_pressure)(int resource, psutil_pressure_t *out, size_t size);
#define psutil_pressure(resource, out)                                                             \
    (psutil_pressure)((resource), (out), sizeof(psutil_pressure_t))
/* One process's cgroup (v2 {cpu,memory,io}.pressure of its unified cgroup); PSUTIL_ENOTSUP
 * when it has none (v1, no PSI). */
PSUTIL_API int(psutil_proc_cgroup_pressure)(psutil_proc_t *p, int resource, psutil_pressure_t *out,
                                            size_t size);
#define psutil_proc_cgroup_pressure(p, resource, out)                                              \
    (psutil_proc_cgroup_pressure)((p), (resource), (out), sizeof(psutil_pressure_t))

/* ------------------------------------------------------------------------------ */
/* Windows services                                                                */
/* ------------------------------------------------------------------------------ */

/* One Windows service, as psutil's WindowsService (win_service_iter, win_service_get):
 * the Service Control Manager's EnumServicesStatusEx (name, display name, state, pid),
 * QueryServiceConfig (binary path, start type, account) and QueryServiceConfig2
 * (description). Strings are UTF-8; "" when the service has none. */
typedef struct psutil_win_service_t {
    const char *name;         /* the service's key name: "Dnscache" */
    const char *display_name; /* "DNS Client" */
    const char *status;       /* psutil's: "running", "paused", "start_pending",
                                 "pause_pending", "continue_pending", "stop_pending",
                                 "stopped" */
    const char *start_type;   /* psutil's: "automatic", "manual", "disabled", "boot",
                                 "system" ("" when the configuration cannot be read) */
    psutil_pid_t pid;         /* the process running it; -1 when it runs in none */
    const char *binpath;      /* the command line that starts it */
    const char *username;     /* the account it runs as: "LocalSystem",
                                 "NT AUTHORITY\\LocalService" */
    const char *description;  /* its description text */
} psutil_win_service_t;

/* Every Win32 service (own and shared process; drivers left out, as psutil). A service
 * whose configuration the caller may not read keeps start_type, binpath, username and
 * description "". One block; psutil_free(). Errors: PSUTIL_ENOTSUP (not Windows),
 * PSUTIL_EACCES (the Service Control Manager refused), PSUTIL_ENOMEM, PSUTIL_EOS.
 * Thread-safe. */
PSUTIL_API int(psutil_win_services)(psutil_win_service_t **out, size_t *out_n, size_t stride);
#define psutil_win_services(out, out_n)                                                            \
    (psutil_win_services)((out), (out_n), sizeof(psutil_win_service_t))

/* The service of key name `name` (psutil's win_service_get): one record in one block;
 * psutil_free(). Errors: PSUTIL_EINVAL (NULL argument), PSUTIL_ENOTSUP (not Windows),
 * PSUTIL_EOS with Win32 error 1060 (ERROR_SERVICE_DOES_NOT_EXIST) in psutil_last_error()
 * for an unknown name (psutil's NoSuchProcess), PSUTIL_EACCES, PSUTIL_ENOMEM.
 * Thread-safe. */
PSUTIL_API int(psutil_win_service_get)(const char *name, psutil_win_service_t **out, size_t stride);
#define psutil_win_service_get(name, out)                                                          \
    (psutil_win_service_get)((name), (out), sizeof(psutil_win_service_t))

/* ------------------------------------------------------------------------------ */
/* The caller's own heap, and human units                                          */
/* ------------------------------------------------------------------------------ */

/* The calling process's C allocator (psutil 8's heap_info()), for leak hunting in
 * long-running agents. Linux with glibc: mallinfo2(). */
typedef struct psutil_heap_info_t {
    uint64_t heap_used;  /* bytes in use from the main heap and arenas (small blocks);
                            mallinfo2 uordblks */
    uint64_t mmap_used;  /* bytes in use in blocks mmap'ed on their own (large blocks);
                            mallinfo2 hblkhd */
    uint64_t heap_count; /* private heaps (Windows); 0 on Linux */
} psutil_heap_info_t;

/* Errors: PSUTIL_EINVAL (out NULL), PSUTIL_ENOTSUP (a C library without mallinfo2, such
 * as musl). Thread-safe (glibc locks its arenas). */
PSUTIL_API int(psutil_heap_info)(psutil_heap_info_t *out, size_t size);
#define psutil_heap_info(out) (psutil_heap_info)((out), sizeof(psutil_heap_info_t))

/* Returns free heap memory to the system (psutil 8's heap_trim(); glibc malloc_trim(0)).
 * *released (may be NULL) is 1 when memory was released, 0 when there was none to give.
 * Errors: PSUTIL_ENOTSUP without malloc_trim. Thread-safe. */
PSUTIL_API int psutil_heap_trim(int *released);

/* psutil's bytes2human(): n in 1024-based units with one decimal and a one-letter
 * suffix, "B", "K", "M", "G", "T", "P" or "E" (1023 -> "1023.0B", 1024 -> "1.0K",
 * 10000 -> "9.8K", 2^64 - 1 -> "16.0E"). Writes a NUL-terminated string of at most 12
 * bytes into buf. Errors: PSUTIL_EINVAL (buf NULL), PSUTIL_ENOBUFS (size too small; buf
 * untouched). Thread-safe. */
PSUTIL_API int psutil_bytes2human(uint64_t n, char *buf, size_t size);

/* ------------------------------------------------------------------------------ */
/* sendfile                                                                        */
/* ------------------------------------------------------------------------------ */

/*
 * Sends `count` bytes of file `fd`, starting at byte `offset`, over the connected stream
 * socket `sock` (TCP or unix). count 0 means up to the end of the file. Python's
 * socket.sendfile(), done in C:
 *
 * - Zero-copy with sendfile(2), looping over partial sends and the kernel's per-call
 *   limit. When sendfile cannot serve this pair (fd is a pipe or another file without
 *   page-cache reads, or the kernel lacks it) and no byte has gone out yet, it falls back
 *   to reading into a 256 KiB buffer and send(); once bytes went out, such an error is
 *   reported, never retried another way.
 * - The file's own position does not move: reads are pread-like at `offset`. (Python's
 *   moves it.) For a file with no position (a pipe), `offset` bytes are read and
 *   discarded first, and count 0 means until the writer closes it.
 * - A regular file is sent up to its size when the call starts: count past the end of
 *   file sends what there is and succeeds; an offset at or past the end sends nothing
 *   and succeeds.
 * - timeout (seconds) bounds each wait for the socket to become writable, as Python's
 *   socket timeout: negative waits without limit; 0 never waits. A wait that runs out
 *   returns PSUTIL_ETIMEOUT. A blocking socket is switched to non-blocking for the
 *   duration of a call with timeout >= 0 and restored before returning (another thread
 *   writing the same socket at the same time would see that). A non-blocking socket is
 *   polled the same way: with timeout 0 the call sends what fits and returns
 *   PSUTIL_ETIMEOUT with the progress (Python's would-block).
 * - A peer that closes or resets gives PSUTIL_EOS (errno EPIPE or ECONNRESET in
 *   psutil_last_error()); SIGPIPE is blocked in the calling thread during the call and
 *   a SIGPIPE the call caused is discarded, so it never kills the caller.
 *
 * *sent (may be NULL) receives the number of bytes sent, on success and on every
 * error, so the caller knows the progress. Errors: PSUTIL_EINVAL (sock is not an open,
 * connected stream socket; fd is not open for reading or is a directory; timeout NaN),
 * PSUTIL_ETIMEOUT, PSUTIL_ENOMEM (fallback buffer), PSUTIL_EOS (the errno is kept).
 * Thread-safe for distinct sockets.
 */
PSUTIL_API int psutil_sendfile(int sock, int fd, uint64_t offset, uint64_t count, double timeout,
                               uint64_t *sent);

#ifdef __cplusplus
}
#endif

#endif /* PSUTIL_H */
