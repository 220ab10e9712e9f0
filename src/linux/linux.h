/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linux.h - the Linux backend's pure parsers, (buffer, length) -> struct, shared
 * between the backend files and the fixture tests. Each returns 0, or PSUTIL_EPARSE
 * with the last-error detail naming the line; none touches a file.
 */
#ifndef PSUTIL_LINUX_H
#define PSUTIL_LINUX_H

#include <stddef.h>
#include <stdint.h>

#include "../unix/unix.h"

/* --- /proc/stat (Documentation/filesystems/proc.rst, "1.7 Miscellaneous kernel
 *     statistics in /proc/stat") --------------------------------------------------- */

/* The columns of a "cpu" line, in the kernel's order, in clock ticks. */
enum {
    PSUTIL__CPU_USER,
    PSUTIL__CPU_NICE,
    PSUTIL__CPU_SYSTEM,
    PSUTIL__CPU_IDLE,
    PSUTIL__CPU_IOWAIT,
    PSUTIL__CPU_IRQ,
    PSUTIL__CPU_SOFTIRQ,
    PSUTIL__CPU_STEAL,
    PSUTIL__CPU_GUEST,
    PSUTIL__CPU_GUEST_NICE,
    PSUTIL__CPU_NCOLS
};

typedef struct psutil__cpu_ticks {
    uint64_t v[PSUTIL__CPU_NCOLS]; /* columns missing on older kernels are 0 */
    int cpu;                       /* N of "cpuN"; -1 for the "cpu" line */
} psutil__cpu_ticks;

/* The highest CPU number the library accepts from a kernel file, plus one. Linux's
 * NR_CPUS tops out at 8192 today; a number past this bound in a CPU list, a "cpuN"
 * label or a "processor" line is a parse error, so a crafted file cannot size a huge
 * allocation or a billion-step loop. */
#define PSUTIL__CPU_LIMIT 65536

enum {
    PSUTIL__STAT_HAVE_TOTAL = 1 << 0,
    PSUTIL__STAT_HAVE_CTXT = 1 << 1,
    PSUTIL__STAT_HAVE_INTR = 1 << 2,
    PSUTIL__STAT_HAVE_SOFTIRQ = 1 << 3,
    PSUTIL__STAT_HAVE_BTIME = 1 << 4,
    PSUTIL__STAT_HAVE_PROCESSES = 1 << 5,
    PSUTIL__STAT_HAVE_RUNNING = 1 << 6,
    PSUTIL__STAT_HAVE_BLOCKED = 1 << 7
};

typedef struct psutil__proc_stat {
    unsigned have;           /* PSUTIL__STAT_HAVE_* bits */
    psutil__cpu_ticks total; /* the "cpu" line */
    size_t ncpu;             /* number of "cpuN" lines, even beyond the caller's cap */
    uint64_t ctxt;           /* "ctxt" */
    uint64_t intr;           /* first number of "intr" */
    uint64_t softirq;        /* first number of "softirq" */
    uint64_t btime;          /* "btime", epoch seconds */
    uint64_t processes;      /* "processes": forks since boot */
    uint64_t procs_running;  /* "procs_running" (Linux 2.5.45+) */
    uint64_t procs_blocked;  /* "procs_blocked" */
} psutil__proc_stat;

/* Parses /proc/stat; the first min(ncpu, cap) "cpuN" lines go to percpu (may be NULL
 * when cap is 0), in file order, each with its N (CPUs offline leave gaps: cpu0, cpu2).
 * Rules: lines it does not know are skipped; a cpu line needs at least the 4 columns
 * every kernel has (user nice system idle), columns of later kernels default to 0 and
 * extra ones are ignored; a counter wider than 64 bits saturates; a cpu label above
 * PSUTIL__CPU_LIMIT, a non-number or fewer than 4 columns is a parse error. */
PSUTIL__HIDDEN int psutil__parse_proc_stat(const char *buf, size_t len, psutil__proc_stat *out,
                                           psutil__cpu_ticks *percpu, size_t cap);

/* Converts ticks to seconds with the given clock rate. */
PSUTIL__HIDDEN void psutil__ticks_to_times(const psutil__cpu_ticks *t, long hz,
                                           psutil_cpu_times_t *out);

/* --- /proc/meminfo (proc.rst "meminfo") ------------------------------------------- */

enum {
    PSUTIL__MI_MEMTOTAL,
    PSUTIL__MI_MEMFREE,
    PSUTIL__MI_MEMAVAILABLE,
    PSUTIL__MI_BUFFERS,
    PSUTIL__MI_CACHED,
    PSUTIL__MI_ACTIVE,
    PSUTIL__MI_INACTIVE,
    PSUTIL__MI_ACTIVE_FILE,
    PSUTIL__MI_INACTIVE_FILE,
    PSUTIL__MI_SHMEM,
    PSUTIL__MI_MEMSHARED,
    PSUTIL__MI_SLAB,
    PSUTIL__MI_SRECLAIMABLE,
    PSUTIL__MI_SWAPTOTAL,
    PSUTIL__MI_SWAPFREE,
    PSUTIL__MI_COUNT
};

typedef struct psutil__meminfo {
    uint32_t have;   /* bit k set when key k was present and well-formed */
    uint32_t bad;    /* bit k set when key k was present but malformed */
    size_t bad_line; /* the line of the first malformed known key, 0 when none */
    uint64_t bytes[PSUTIL__MI_COUNT];
} psutil__meminfo;

/* Parses /proc/meminfo: "Key:   value kB" lines, values converted to bytes.
 * Rules (docs/SUPPORTED_PLATFORMS.md): keys it does not know are skipped; a known key
 * whose value is wider than 64 bits (in kB or once in bytes) saturates at UINT64_MAX
 * instead of wrapping or failing; a known key whose value is not a number in kB is
 * marked in `bad` (the calls that use that key fail with PSUTIL_EPARSE, the others do
 * not); a missing key is 0 with its `have` bit clear. Only a missing or malformed
 * MemTotal, which every use needs, fails the parse. */
PSUTIL__HIDDEN int psutil__parse_meminfo(const char *buf, size_t len, psutil__meminfo *out);

/* Adds every "Key: N [kB]" line to pk (psutil_meminfo_field_t records), in file order.
 * Rules: values saturate; kB lines become bytes; a line without a key (or one holding a
 * NUL), without a number, with another
 * unit or trailing text is left out; never fails but for PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__parse_meminfo_all(const char *buf, size_t len, psutil__pack *pk);

/* PSUTIL_EPARSE naming the line when any key of mask (MI bits) is malformed, else 0. */
PSUTIL__HIDDEN int psutil__meminfo_check(const psutil__meminfo *mi, uint32_t mask);

/* Sum of the "low" watermarks of every zone in /proc/zoneinfo, in pages (saturating). */
PSUTIL__HIDDEN int psutil__parse_zoneinfo_low(const char *buf, size_t len, uint64_t *pages);

/* Available memory as Linux 3.14 computes MemAvailable (commit 34e431b0ae39):
 * MemFree - low watermarks + the file LRU and SReclaimable, each less the smaller of
 * half of itself and the watermarks; never below 0, never wrapping (the arithmetic
 * saturates). low_bytes is the watermark sum in bytes. Without the LRU or SReclaimable
 * fields: MemFree + Cached. */
PSUTIL__HIDDEN uint64_t psutil__estimate_available(const psutil__meminfo *mi, uint64_t low_bytes);

/* Fills a virtual-memory record from parsed meminfo and an available figure. The
 * kernel never reports more free, available, cached ... memory than MemTotal; a file
 * that does (broken container emulations) is clamped to it, so used and percent never
 * wrap: every byte figure is at most total and percent is within 0..100. */
PSUTIL__HIDDEN void psutil__virtual_memory_from(const psutil__meminfo *mi, uint64_t available,
                                                psutil_virtual_memory_t *out);

/* Swap figures from meminfo: missing Swap lines are no swap (0); SwapFree above SwapTotal
 * is clamped to it. */
PSUTIL__HIDDEN void psutil__swap_from(const psutil__meminfo *mi, psutil_swap_memory_t *out);

/* /proc/vmstat pswpin / pswpout (pages); absent keys leave 0, values saturate. */
PSUTIL__HIDDEN int psutil__parse_vmstat_swap(const char *buf, size_t len, uint64_t *pswpin,
                                             uint64_t *pswpout);
/* Every "name N" line of /proc/vmstat into pk (psutil__layout_vmstat_field); other lines
 * are left out. 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__parse_vmstat_all(const char *buf, size_t len, psutil__pack *pk);

/* /proc/net/snmp and /proc/net/netstat (header and value line pairs), /proc/net/snmp6
 * ("Ip6Name value" lines) and /proc/net/sockstat{,6} ("PROTO: key N key N") into pk
 * (psutil__layout_net_counter), names "Proto_Name" (src/linux/netstat.c). What is not
 * well formed is left out. 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__parse_net_snmp(const char *buf, size_t len, psutil__pack *pk);
PSUTIL__HIDDEN int psutil__parse_net_snmp6(const char *buf, size_t len, psutil__pack *pk);
PSUTIL__HIDDEN int psutil__parse_net_sockstat(const char *buf, size_t len, psutil__pack *pk);
/* /proc/net/softnet_stat and /proc/net/arp into pk (psutil__layout_softnet,
 * psutil__layout_net_arp); lines that are not well formed are left out. 0 or
 * PSUTIL_ENOMEM (src/linux/netstat.c). */
PSUTIL__HIDDEN int psutil__parse_softnet(const char *buf, size_t len, psutil__pack *pk);
PSUTIL__HIDDEN int psutil__parse_net_arp(const char *buf, size_t len, psutil__pack *pk);
/* /proc/net/stat/nf_conntrack: "conntrack_<column>" per header name, summed over the CPU
 * lines ("entries" from the first); lines that are not a hex figure per name are left
 * out, and nothing is added without one. 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__parse_conntrack_stat(const char *buf, size_t len, psutil__pack *pk);
/* A /proc/sys file's blank-separated integers: the first max into values, *n how many
 * there are. 0, or PSUTIL_EPARSE on anything else (src/linux/sysctl.c). */
PSUTIL__HIDDEN int psutil__parse_sysctl(const char *buf, size_t len, int64_t *values, size_t max,
                                        size_t *n);

/* /proc/schedstat's cpuN lines into pk (psutil__layout_schedstat); others, and cpu
 * lines with fewer than nine figures, are left out. 0 or PSUTIL_ENOMEM (stat.c). */
PSUTIL__HIDDEN int psutil__parse_schedstat(const char *buf, size_t len, psutil__pack *pk);

/* --- /proc/loadavg ---------------------------------------------------------------- */

/* "0.05 0.07 0.02 2/83 1771": the three averages. Rules: the fields after them (run
 * queue, last pid) are ignored; a missing or non-decimal average (a sign included) is a
 * parse error. */
PSUTIL__HIDDEN int psutil__parse_loadavg(const char *buf, size_t len, psutil_loadavg_t *out);

/* --- CPU lists and /proc/cpuinfo ---------------------------------------------------- */

/* Parses a kernel CPU list ("0-3,8,10-11\n", Documentation/admin-guide/cputopology.rst,
 * or cpufreq's space-separated "0 1 2 3\n") into the number of CPUs and the highest CPU
 * number (-1 when empty). Rules: an empty list is 0 CPUs; a number at or above
 * PSUTIL__CPU_LIMIT, a descending range or a stray character is a parse error. */
PSUTIL__HIDDEN int psutil__parse_cpulist(const char *buf, size_t len, int *count, int *highest);

/* Calls fn(arg, cpu) for each CPU of a list; stops early if fn returns non-zero. */
PSUTIL__HIDDEN int psutil__cpulist_each(const char *buf, size_t len, int (*fn)(void *, int),
                                        void *arg);

/* /proc/cpuinfo "cpu MHz" per "processor" block: mhz[processor] for processors below
 * cap (0 where a block has no "cpu MHz", -1 where no block has that number: an offline
 * CPU); *n is the highest processor number + 1. A processor number at or above
 * PSUTIL__CPU_LIMIT or a malformed MHz is a parse error. */
PSUTIL__HIDDEN int psutil__parse_cpuinfo_mhz(const char *buf, size_t len, double *mhz, size_t cap,
                                             size_t *n);

/* /proc/cpuinfo physical cores: the sum of "cpu cores" over distinct "physical id"
 * values; 0 when the file does not tell. Rules: keys it does not know are skipped (ARM
 * and s390 name theirs differently); a block without both keys does not count; a value
 * at or above PSUTIL__CPU_LIMIT or not a number is a parse error. */
PSUTIL__HIDDEN int psutil__parse_cpuinfo_cores(const char *buf, size_t len, int *cores);

/* --- disks (src/linux/disk.c) --------------------------------------------------- */

/* Splits a /proc/self/mounts line into device, mountpoint, fstype and options,
 * decoding the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134
 * backslash). scratch must hold len + 4 bytes; fields[] point into it. Rules: the dump
 * and pass fields (and anything after) are ignored; any byte but NUL may come out of an
 * escape (names are not text); fewer than four fields, a raw NUL, a malformed or NUL escape is a
 * parse error of the whole call (a mount table with a hole would mislead). */
PSUTIL__HIDDEN int psutil__parse_mount_line(const char *line, size_t len, char *scratch,
                                            const char *fields[4]);

/* 1 when /proc/filesystems (buf) lists fstype without "nodev", or fstype is zfs. */
PSUTIL__HIDDEN int psutil__fs_is_physical(const char *buf, size_t len, const char *fstype);

/* Figures of one /proc/diskstats device, in psutil_disk_io_t order after name: the
 * nine counters, weighted time, discards (count, merged, bytes, time), flushes (count,
 * time), I/Os in progress, major, minor, the column count. Columns a kernel does not
 * have are 0. */
enum { PSUTIL__DISK_NVALS = 20 };

/* Calls fn for every device line of /proc/diskstats: 14+ fields (Linux 2.6+, 4.18
 * and 5.5 add discard and flush columns) or the 7-field partition lines of 2.6.0-2.6.24
 * (reads, sectors read, writes, sectors written). Sectors count 512 bytes. Rules:
 * columns beyond the ones used are ignored; counters wider than 64 bits and sector
 * products saturate; blank lines are skipped; a device name over 255 bytes, a stray
 * character or another column count is a parse error. */
PSUTIL__HIDDEN int psutil__parse_diskstats(const char *buf, size_t len,
                                           int (*fn)(void *arg, const char *name,
                                                     const uint64_t v[PSUTIL__DISK_NVALS]),
                                           void *arg);

/* /proc/mdstat's arrays into pk (psutil__layout_md_array), as psutil_md_arrays
 * documents them; an array whose lines do not parse is left out. 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__parse_mdstat(const char *buf, size_t len, psutil__pack *pk);

/* --- users (src/linux/users.c) --------------------------------------------------- */

/* Adds the USER_PROCESS records of a utmp file image to pk (psutil_user_t records);
 * a size that is not a whole number of records is a parse error. Rules: other record
 * types are skipped; names, lines and hosts are fixed-width fields that may lack their
 * NUL (read up to the width) and hold any byte. */
PSUTIL__HIDDEN int psutil__parse_utmp(const char *buf, size_t len, psutil__pack *pk);
/* Adds the user of one systemd-logind session file, unless it is not a user-class
 * session or is closing. */
PSUTIL__HIDDEN int psutil__parse_logind_session(const char *buf, size_t len, psutil__pack *pk);

/* --- processes (src/linux/proc_parse.c) ------------------------------------------- */

/* The /proc/PID/stat fields libpsutil uses (proc(5) numbering). */
typedef struct psutil__pstat {
    char comm[64];        /* field 2, without the parentheses */
    char state;           /* field 3 */
    int64_t ppid;         /* 4 */
    int64_t pgrp;         /* 5 */
    int64_t session;      /* 6 */
    int64_t tty_nr;       /* 7 */
    int64_t tpgid;        /* 8 */
    uint64_t minflt;      /* 10 */
    uint64_t majflt;      /* 12 */
    uint64_t utime;       /* 14, ticks */
    uint64_t stime;       /* 15 */
    int64_t cutime;       /* 16 */
    int64_t cstime;       /* 17 */
    int64_t nice;         /* 19 */
    int64_t num_threads;  /* 20 */
    uint64_t starttime;   /* 22, ticks since boot */
    uint64_t vsize;       /* 23, bytes */
    int64_t rss;          /* 24, pages */
    int64_t processor;    /* 39, -1 when absent */
    uint64_t blkio_ticks; /* 42, 0 when absent */
} psutil__pstat;

/* Parses /proc/PID/stat from the last ')' (a name may hold spaces and parentheses; a
 * name longer than comm's 63 bytes is cut). Rules: numbers wider than 64 bits saturate;
 * a minus sign on an unsigned field, a stray character or fewer than 22 fields is a
 * parse error; extra fields are ignored; nice is clamped to -20..19, thread counts, CPU
 * times and rss to >= 0, the CPU number to -1..INT32_MAX. */
PSUTIL__HIDDEN int psutil__parse_pid_stat(const char *buf, size_t len, psutil__pstat *out);

/* "Key:<blanks>value" lines (status, io, fdinfo): the value of key, or NULL. Rules: the
 * first line with the key wins; keys it is not asked for are ignored. */
PSUTIL__HIDDEN const char *psutil__kv(const char *buf, size_t len, const char *key, size_t *vlen);
/* A numeric value, "kB" converted to bytes. Returns 0, or PSUTIL_EPARSE when the key is
 * absent (*absent set, if absent is not NULL) or its value is not a number or has
 * trailing text; not recorded (the caller knows the file and whether absence is an
 * error). Values wider than 64 bits saturate. */
PSUTIL__HIDDEN int psutil__kv_u64(const char *buf, size_t len, const char *key, uint64_t *out,
                                  int *absent);
/* status "Uid:" / "Gid:": real, effective, saved. */
PSUTIL__HIDDEN int psutil__parse_ids(const char *buf, size_t len, const char *key,
                                     psutil_ids_t *out);
/* statm: size resident shared text lib data dt, in pages. Rules: values wider than 64
 * bits saturate; fewer than seven numbers or trailing text is a parse error. */
PSUTIL__HIDDEN int psutil__parse_statm(const char *buf, size_t len, uint64_t v[7]);
/* smaps or smaps_rollup totals: USS (Private_*), PSS, swap; bytes. Rules: other keys
 * (and keys later kernels add) are ignored; values and sums saturate; a wanted key
 * without a number is a parse error. */
PSUTIL__HIDDEN int psutil__parse_smaps_totals(const char *buf, size_t len, uint64_t *uss,
                                              uint64_t *pss, uint64_t *swap);

/* limits' "Max open files" line (fs/proc/base.c proc_pid_limits: the name in 25 columns,
 * then soft, hard and units): soft and hard, "unlimited" as PSUTIL_RLIM_INFINITY.
 * Rules: values saturate; no such line, or one without two values, is a parse error. */
PSUTIL__HIDDEN int psutil__parse_limits_nofile(const char *buf, size_t len, psutil_rlimit_t *out);

enum { PSUTIL__SMAP_NKEYS = 10 };
/* One mapping of smaps; strings point into the parsed buffer. v[] in bytes, in the order
 * Rss Size Pss Shared_Clean Shared_Dirty Private_Clean Private_Dirty Referenced
 * Anonymous Swap. */
typedef struct psutil__smap {
    const char *addr, *perms, *path;
    size_t addr_len, perms_len, path_len;
    uint64_t v[PSUTIL__SMAP_NKEYS];
} psutil__smap;
PSUTIL__HIDDEN int psutil__parse_smaps(const char *buf, size_t len,
                                       int (*fn)(void *arg, const psutil__smap *m), void *arg);

/* Calls fn for each argument of a cmdline image (NUL-separated, or one
 * space-separated string as setproctitle leaves it), psutil's rules. Any byte but NUL
 * may be in an argument (in the space-separated form a NUL separates too: a C string
 * cannot hold one); empty arguments are kept; an empty image has no argument. A
 * non-zero return from fn stops the walk and is returned. */
typedef int (*psutil__argv_fn)(void *arg, const char *s, size_t n);
PSUTIL__HIDDEN int psutil__split_cmdline(const char *buf, size_t len, psutil__argv_fn fn,
                                         void *arg);
/* Calls fn for each key=value entry of an environ image, psutil's rules: an empty entry
 * or an unterminated tail ends the block; entries without "=" or with an empty key are
 * skipped; values may hold "=" and any byte but NUL. */
PSUTIL__HIDDEN int psutil__split_environ(const char *buf, size_t len,
                                         int (*fn)(void *arg, const char *key, size_t klen,
                                                   const char *val, size_t vlen),
                                         void *arg);

/* fdinfo "pos" and octal "flags". Rules: other keys (mnt_id, ino, lock lines) are
 * ignored; pos saturates; a missing pos or flags, or flags beyond 31 bits, is a parse
 * error. */
PSUTIL__HIDDEN int psutil__parse_fdinfo(const char *buf, size_t len, uint64_t *pos, int *flags);

/* --- network (src/linux/net.c, net_conn.c) ------------------------------------------- */

/* Calls fn for each interface line of /proc/net/dev with its counters in
 * psutil_net_io_t order (sent/recv bytes, packets, errors, drops). Rules: the two
 * header lines are skipped; the name is everything before the line's last ':' (names
 * may hold colons, spaces are trimmed); each line needs 16 counters (extra columns a
 * later kernel adds are ignored); a counter wider than 64 bits saturates; a line that
 * is not "name: 16 numbers" is a parse error for the call. */
PSUTIL__HIDDEN int psutil__parse_net_dev(const char *buf, size_t len,
                                         int (*fn)(void *arg, const char *name, size_t nlen,
                                                   const uint64_t v[16]),
                                         void *arg);

/* One socket of /proc/net/{tcp,tcp6,udp,udp6} or /proc/net/unix, parsed. */
typedef struct psutil__sock {
    int family, type, status;
    int state; /* the socket's own state, as ss shows it: TCP's, or for UDP and unix
                  PSUTIL_CONN_LISTEN, ESTABLISHED (connected) or CLOSE (unconnected) */
    unsigned char laddr[16], raddr[16]; /* network byte order */
    int lport, rport;
    uint32_t recv_q, send_q;
    uint64_t inode;
    const char *path; /* unix: into the buffer; "" when none */
    size_t path_len;
} psutil__sock;

/* Parses /proc/net/tcp-style text (family PSUTIL_AF_INET or INET6, type). Rules: the
 * header line is skipped; columns after the inode are ignored; a state the kernel does
 * not define is reported as PSUTIL_CONN_NONE; a malformed address, port or inode is a
 * parse error of the call. */
PSUTIL__HIDDEN int psutil__parse_proc_net_inet(const char *buf, size_t len, int family, int type,
                                               int (*fn)(void *arg, const psutil__sock *s),
                                               void *arg);
/* Parses /proc/net/unix. Rules: the header line is skipped; a path may hold spaces (it
 * runs to the end of the line) and an abstract name starts with '@'; a malformed line is
 * a parse error of the call. */
PSUTIL__HIDDEN int psutil__parse_proc_net_unix(const char *buf, size_t len,
                                               int (*fn)(void *arg, const psutil__sock *s),
                                               void *arg);

/* A NETLINK_SOCK_DIAG dump reply (one recv's worth, sock_diag(7)): calls fn for each
 * inet_diag message (family PSUTIL_AF_INET or INET6, type the table's) or unix_diag
 * message (family PSUTIL_AF_UNIX; its name and queue lengths from the attributes).
 * Returns PSUTIL__NL_MORE when the buffer ends without NLMSG_DONE (the dump goes on in
 * the next reply), 0 at NLMSG_DONE or when fn or a message failed (the code in *fn_rc:
 * fn's, or PSUTIL_EPARSE, recorded, for a message shorter than its header), or PSUTIL_EOS
 * for an NLMSG_ERROR with the kernel's errno in *err (EPROTO when it is not one). Rules:
 * a truncated trailing message ends the buffer; attributes it does not know are
 * skipped; a name longer than sun_path's 108 bytes is left out. */
enum { PSUTIL__NL_MORE = 1 };
PSUTIL__HIDDEN int psutil__parse_sock_diag(const char *buf, size_t len, int family, int type,
                                           int (*fn)(void *arg, const psutil__sock *s), void *arg,
                                           int *fn_rc, int *err);

/* --- helpers shared by the Linux files (src/linux/procfs.c) ----------------------- */

/* Records the root-relative path of a file whose parse failed and returns rc. */
PSUTIL__HIDDEN int psutil__linux_parse_failed(enum psutil__root_kind kind, const char *relpath,
                                              int rc);

/* The root-relative path of a file procfs shows per process through "self" ("self/mounts",
 * "net/dev", which is self/net/dev): with the default root, as given (the caller's own
 * mount and network namespace); with a moved root (a host's procfs mounted into a
 * container), pid 1's copy ("1/mounts", "1/net/dev") when the tree has one, since "self"
 * there is the caller, not the host. */
PSUTIL__HIDDEN void psutil__linux_host_file(const char *rel, char *out, size_t size);
/* The host file rel (psutil__linux_host_file) read and parsed into a list of layout's
 * records: *out one block for psutil_free(). 0 or the read's or parser's code. */
PSUTIL__HIDDEN int psutil__linux_read_list(const char *rel, const psutil__layout *layout,
                                           int (*parse)(const char *, size_t, psutil__pack *),
                                           void **out, size_t *out_n);

/* Reads and parses /proc/stat with room for cap per-CPU lines. */
PSUTIL__HIDDEN int psutil__linux_read_stat(psutil__proc_stat *st, psutil__cpu_ticks *percpu,
                                           size_t cap);

/* A PSI file (cgroup.c): the "some" line, and "full" when present. 0 or PSUTIL_EPARSE
 * (not recorded). */
PSUTIL__HIDDEN int psutil__parse_pressure(const char *s, psutil_pressure_t *out);

#endif
