/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * serve.h - what the parts of psutil serve share: the exposition text (text.c), what a
 * scrape collects (collectors.c: the registry, time, cpu, memory, processes; disk.c,
 * netstat.c, kernel.c, hardware.c, textfile.c: the others), the process groups
 * of process-exporter's configuration (groups.c), the HTTP server (http.c, libmicrohttpd) and its
 * TLS and users (webconfig.c). The options and listening sockets are ../cmd_serve.c.
 */
#ifndef PSUTIL_CLI_SERVE_H
#define PSUTIL_CLI_SERVE_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "psutil.h"

/* --- the exposition text (text.c) ---------------------------------------------- */

/* A growing text buffer (NUL-terminated; allocation failure exits, as cli_alloc). */
struct text {
    char *p;
    size_t len, cap;
};

void text_put(struct text *t, const char *s, size_t n);
void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* # HELP and # TYPE of a family. */
void family(struct text *t, const char *name, const char *type, const char *help);
/* One sample: name{k1="v1",...} v, the variadic part key, value, ..., NULL. sample
 * writes a double (NaN, +Inf, the shortest exact form), sample_u64 an exact integer. */
void sample(struct text *t, const char *name, double v, ...);
void sample_u64(struct text *t, const char *name, uint64_t v, ...);
/* in (text format 0.0.4 as this file writes it) as OpenMetrics 1.0 into out: a
 * counter's family named without its _total (a counter whose name lacks it, and
 * untyped, become unknown), '"' escaped in HELP, comments other than HELP and TYPE
 * dropped, and the closing "# EOF". */
void text_openmetrics(const struct text *in, struct text *out);
/* One sample whose n labels are given as arrays (keys[i]="values[i]"). */
void sample_labels(struct text *t, const char *name, const char *const *keys,
                   const char *const *values, size_t n, double v);

/* --- the collectors (collectors.c) ------------------------------------------------ */

struct groups;

/* One scrape into out: every collector that is on (each writes whole families or fails
 * whole, its failure reported on stderr), then node_scrape_collector_success and
 * _duration_seconds for each of them. procs 0 leaves out the per-process series (no
 * /proc/PID read but for groups and the exporter's own). Returns the number of
 * collectors that failed. One scrape at a time (http.c runs them on one thread). */
int serve_scrape(struct text *out, int procs);
/* Turns the collector called name on or off (--collector.NAME, --no-collector.NAME):
 * 0, or -1 when no collector has that name. */
int serve_collector_set(const char *name, int on);
/* Sets a collector's regex option (name without --collector., value RE2 as node_exporter
 * takes it): 0, or -1 with why (a bad pattern; a NULL value: "needs a value"), why NULL
 * when no collector has the option. */
int serve_collector_option(const char *name, const char *value, const char **why);
/* The option names, separated by ", ", truncated to size. */
void serve_collector_option_names(char *buf, size_t size);
/* Whether s matches the option called name: 1 or 0; -1 when the option is not set. */
int serve_option_match(const char *name, const char *s);
/* Turns every collector off (--collector.disable-defaults). */
void serve_collectors_none(void);
/* The collectors' names, separated by spaces, truncated to size. */
void serve_collector_names(char *buf, size_t size);
/* The process groups every scrape reports (owned from here on; NULL for none). */
void serve_set_groups(struct groups *g);
/* Frees the process monitor kept between scrapes and the groups. */
void serve_collectors_free(void);

/* Collectors in their own files (each writes whole families into t or returns the
 * library's error code; procs as serve_scrape's, unused by host collectors). */
int collect_filesystem(struct text *t, int procs); /* disk.c: node_filesystem_* */
int collect_diskstats(struct text *t, int procs);  /* disk.c: node_disk_* */
int collect_netdev(struct text *t, int procs);     /* netstat.c: node_network_*_total */
int collect_netclass(struct text *t, int procs);   /* netstat.c: node_network_mtu_bytes, ... */
int collect_sensors(struct text *t, int procs);    /* hardware.c: psutil_temperature_*, ... */
int collect_netstat(struct text *t, int procs);    /* netstat.c: node_netstat_* */
int collect_sockstat(struct text *t, int procs);   /* netstat.c: node_sockstat_* */
int collect_softnet(struct text *t, int procs);    /* netstat.c: node_softnet_* */
int collect_arp(struct text *t, int procs);        /* netstat.c: node_arp_entries */
int collect_udp_queues(struct text *t, int procs); /* netstat.c: node_udp_queues */
int collect_selinux(struct text *t, int procs);    /* kernel.c: node_selinux_* */
int collect_hwmon(struct text *t, int procs);      /* hardware.c: node_hwmon_* */
int collect_cpufreq(struct text *t, int procs);    /* hardware.c: node_cpu_*frequency* */
int collect_textfile(struct text *t, int procs);   /* textfile.c: *.prom files */
int collect_edac(struct text *t, int procs);       /* hardware.c: node_edac_* */
int collect_nvme(struct text *t, int procs);       /* hardware.c: node_nvme_info */
int collect_powersupplyclass(struct text *t, int procs); /* hardware.c: node_power_supply_* */
int collect_mdadm(struct text *t, int procs);            /* hardware.c: node_md_* */
/* --collector.textfile.directory (NULL or "": none); 0. */
int serve_textfile_directory(const char *dir);
void serve_textfile_free(void);
int collect_filefd(struct text *t, int procs);    /* kernel.c: node_filefd_* */
int collect_entropy(struct text *t, int procs);   /* kernel.c: node_entropy_* */
int collect_conntrack(struct text *t, int procs); /* kernel.c: node_nf_conntrack_* */
int collect_timex(struct text *t, int procs);     /* kernel.c: node_timex_* */
int collect_os(struct text *t, int procs);        /* kernel.c: node_os_* */
int collect_schedstat(struct text *t, int procs); /* kernel.c: node_schedstat_* */
int collect_thermal_zone(struct text *t,
                         int procs); /* kernel.c: node_thermal_zone_*, node_cooling_device_* */

/* --- sysfs below the library's root (hardware.c) ------------------------------------ */

/* <sysfs root>/rel into out (psutil_get_root; "/sys" when it cannot say). */
void serve_sysfs_path(const char *rel, char *out, size_t size);
/* dir/name, its blanks and newline trimmed, into out; 0, or -1 when it cannot be read. */
int serve_sysfs_attr(const char *dir, const char *name, char *out, size_t size);
/* The numbers N of the entries named prefixN in dir, sorted; *n of them (malloc'd, NULL
 * for none). */
unsigned *serve_numbered(const char *dir, const char *prefix, size_t *n);

/* --- YAML files (groups.c) ---------------------------------------------------------- */

/* Loads the YAML document at path into *doc (yaml_document_delete it): 0, or -1 with
 * one line on stderr naming the file and why (cannot open it, or the line of the
 * syntax error). */
int serve_yaml_load(const char *path, yaml_document_t *doc);

/* --- regular expressions (groups.c) ----------------------------------------------- */

#define MAX_CAPTURES 16

/* A pattern in RE2's syntax (what process-exporter and node_exporter take) compiled as a
 * POSIX ERE: (?P<name>...) and (?:...) groups, \s \S \d \D \w \W translated; other RE2
 * extensions refused. */
struct serve_regex {
    regex_t re;
    char *names[MAX_CAPTURES];          /* the name of each capture group (index 1..), or NULL */
    unsigned char noncap[MAX_CAPTURES]; /* 1 for a group that was (?:...) in RE2 */
};

/* Compiles src into r: 0, or -1 with why set (r then holds nothing to free). */
int serve_regex_compile(const char *src, struct serve_regex *r, const char **why);
void serve_regex_free(struct serve_regex *r);

/* --- process groups (groups.c) --------------------------------------------------- */

/* Reads process-exporter's YAML configuration (process_names: name templates with
 * comm, exe and cmdline matchers). NULL with a message on stderr when it cannot. */
struct groups *groups_load(const char *path);
/* process-exporter's groups without a file: -procnames (a comma-separated list of comms,
 * each its own group) and -namemapping (comm,regex pairs: a process of that comm whose
 * command line the regex matches with a capture that is not empty joins the group
 * "COMM:CAPTURE", the first such capture; one without is not grouped). Either may be
 * NULL. NULL with a message on stderr for an odd list or a bad regex. */
struct groups *groups_from_names(const char *procnames, const char *namemapping);
/* The psutil_proc_field bits the groups need: what every group reports, plus the
 * command line when a rule matches exe or cmdline or names .ExeBase, .ExeFull or
 * .Matches, and the owner when a name uses .Username. */
uint32_t groups_fields(const struct groups *g);
/* One collection from a monitor refresh's rows (pid order, groups_fields() read): the
 * processes sorted into groups (first matching rule; children of a grouped process
 * join its group), their figures added to each group's counters (which never go down
 * as processes come and go), and the namedprocess_namegroup_* families written.
 * Returns 0. */
int groups_collect(struct groups *g, const psutil_proc_row_t *r, size_t n, struct text *t);
/* A collection whose refresh failed with rc: namedprocess_scrape_errors counts it, the
 * error counters are written alone. Returns rc. */
int groups_failed(struct groups *g, int rc, struct text *t);
/* process-exporter's -recheck: a process no group took when first seen is matched again
 * at every collection (by default it stays ungrouped; a grouped one always keeps its
 * group, through an exec or a new title). */
void groups_set_recheck(struct groups *g, int on);
void groups_free(struct groups *g);

/* --- the HTTP server (http.c) ------------------------------------------------------ */

/* libmicrohttpd's internal threads (epoll), the connections it holds at once and from
 * one address (more are accepted and closed at once, so they never queue in front of a
 * scrape), how long a connection may stay idle, and the bytes a connection's request
 * head may take (a larger one is refused with 431; it bounds each connection's memory:
 * 4,096 idle connections hold 32 MiB). */
#define HTTP_THREADS 4
#define HTTP_MAX_CONNECTIONS 4096
#define HTTP_MAX_PER_ADDRESS 1024
#define HTTP_IDLE_SECONDS 10
#define HTTP_HEAD_BYTES 8192
#define HTTP_MAX_LISTEN 8 /* listen addresses (-l repeated) */

/* --- the web configuration (webconfig.c) -------------------------------------------- */

struct web_config;

/* Reads exporter-toolkit's web configuration (tls_server_config cert_file/key_file,
 * basic_auth_users with bcrypt hashes). NULL with a message on stderr when it cannot. */
struct web_config *web_config_load(const char *path);
void web_config_free(struct web_config *w);
/* The PEM certificate and key, NULL without TLS (or w NULL). */
const char *web_config_cert(const struct web_config *w);
const char *web_config_key(const struct web_config *w);
/* 1 when requests must carry a user and password. */
int web_config_needs_auth(const struct web_config *w);
/* 1 when user's password is password (bcrypt; the last accepted one remembered).
 * Thread-safe. */
int web_config_check(struct web_config *w, const char *user, const char *password);

struct serve_config {
    int (*scrape)(struct text *out, int procs); /* one collection; returns failures */
    int procs;
    const char *telemetry_path; /* "/metrics" */
    struct web_config *web;     /* TLS and users, or NULL */
};

/* Serves cfg on the n listening sockets lfd (one libmicrohttpd server each, one
 * collector for all) until SIGINT or SIGTERM (blocked in every thread and waited for
 * here). Returns CLI_OK, or CLI_ERROR if a server cannot start. */
int http_serve(const int *lfd, size_t n, const struct serve_config *cfg);

#endif
