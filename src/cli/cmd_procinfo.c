/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_procinfo.c - `psutil procinfo PID`: everything about one process, like psutil's
 * procinfo.py, read in one oneshot window; fields that cannot be read (access denied,
 * a zombie) show why. --json prints one object (null for unreadable fields).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define PROCINFO_USAGE "psutil procinfo [--json] PID"

static cli_json j;
static int json;

/* A field's value text, or the reason it is missing. */
static void field(const char *key, int rc, const char *value)
{
    printf("%-14s %s\n", key, rc == 0 ? cli_safe(value) : psutil_strerror(rc));
}

static void num_field(const char *key, int rc, double v)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%.15g", v);
    field(key, rc, buf);
}

static void str_field(const char *key, int (*fn)(psutil_proc_t *, char **), psutil_proc_t *p)
{
    char *s = NULL;
    int rc = fn(p, &s);
    field(key, rc, rc == 0 ? s : "");
    if (rc == 0)
        psutil_free(s);
}

/* A string getter's value, or null when it failed. */
static void json_str_getter(const char *key, int (*fn)(psutil_proc_t *, char **), psutil_proc_t *p)
{
    char *v = NULL;
    if (fn(p, &v) == 0) {
        json_string(&j, key, v);
        psutil_free(v);
    } else {
        json_null(&j, key);
    }
}

/* psutil's Process.as_dict() names and shapes: every figure under its psutil name, objects
 * for named tuples, arrays for lists, null for what could not be read (access denied, a
 * zombie), never a human string. */
static void print_json(psutil_proc_t *p, long pid)
{
    json_init(&j, stdout);
    json_object_begin(&j, NULL);
    json_i64(&j, "pid", pid);
    json_str_getter("name", psutil_proc_name, p);
    json_str_getter("exe", psutil_proc_exe, p);
    json_str_getter("cwd", psutil_proc_cwd, p);
    json_str_getter("username", psutil_proc_username, p);
    char *tty = NULL;
    if (psutil_proc_terminal(p, &tty) == 0 && tty[0])
        json_string(&j, "terminal", tty);
    else
        json_null(&j, "terminal"); /* psutil: None when there is none */
    psutil_free(tty);
    char **av;
    size_t ac;
    if (psutil_proc_cmdline(p, &av, &ac) == 0) {
        json_array_begin(&j, "cmdline");
        for (size_t i = 0; i < ac; i++)
            json_string(&j, NULL, av[i]);
        json_array_end(&j);
        psutil_free(av);
    } else {
        json_null(&j, "cmdline");
    }
    psutil_pid_t ppid;
    if (psutil_proc_ppid(p, &ppid) == 0)
        json_i64(&j, "ppid", ppid);
    else
        json_null(&j, "ppid");
    double ct;
    if (psutil_proc_create_time(p, &ct) == 0)
        json_round(&j, "create_time", ct, 2);
    else
        json_null(&j, "create_time");
    int st;
    if (psutil_proc_status(p, &st) == 0)
        json_string(&j, "status", psutil_proc_status_name(st));
    else
        json_null(&j, "status");
    psutil_ids_t ids;
    static const char *const id_keys[2] = {"uids", "gids"};
    for (int k = 0; k < 2; k++) {
        if ((k == 0 ? psutil_proc_uids(p, &ids) : psutil_proc_gids(p, &ids)) == 0) {
            json_object_begin(&j, id_keys[k]);
            json_i64(&j, "real", ids.real);
            json_i64(&j, "effective", ids.effective);
            json_i64(&j, "saved", ids.saved);
            json_object_end(&j);
        } else {
            json_null(&j, id_keys[k]);
        }
    }
    int nice;
    if (psutil_proc_nice(p, &nice) == 0)
        json_i64(&j, "nice", nice);
    else
        json_null(&j, "nice");
    psutil_ionice_t io;
    if (psutil_proc_ionice(p, &io) == 0) {
        json_object_begin(&j, "ionice");
        json_i64(&j, "ioclass", io.ioclass);
        json_i64(&j, "value", io.value);
        json_object_end(&j);
    } else {
        json_null(&j, "ionice");
    }
    int64_t count;
    if (psutil_proc_num_threads(p, &count) == 0)
        json_i64(&j, "num_threads", count);
    else
        json_null(&j, "num_threads");
    if (psutil_proc_num_fds(p, &count) == 0)
        json_i64(&j, "num_fds", count);
    else
        json_null(&j, "num_fds");
    psutil_proc_cpu_times_t t;
    if (psutil_proc_cpu_times(p, &t) == 0) {
        json_object_begin(&j, "cpu_times");
        json_round(&j, "user", t.user, 2);
        json_round(&j, "system", t.system, 2);
        json_round(&j, "children_user", t.children_user, 2);
        json_round(&j, "children_system", t.children_system, 2);
        json_round(&j, "iowait", t.iowait, 2);
        json_object_end(&j);
    } else {
        json_null(&j, "cpu_times");
    }
    psutil_proc_memory_t m;
    if (psutil_proc_memory_info(p, &m) == 0) {
        json_object_begin(&j, "memory_info");
        json_u64(&j, "rss", m.rss);
        json_u64(&j, "vms", m.vms);
        json_u64(&j, "shared", m.shared);
        json_u64(&j, "text", m.text);
        json_u64(&j, "data", m.data);
        json_object_end(&j);
    } else {
        json_null(&j, "memory_info");
    }
    psutil_proc_memory_footprint_t fp;
    if (psutil_proc_memory_footprint(p, &fp) == 0) {
        json_object_begin(&j, "memory_footprint");
        json_u64(&j, "uss", fp.uss);
        json_u64(&j, "pss", fp.pss);
        json_u64(&j, "swap", fp.swap);
        json_object_end(&j);
    } else {
        json_null(&j, "memory_footprint");
    }
    psutil_proc_io_t pio;
    if (psutil_proc_io_counters(p, &pio) == 0) {
        json_object_begin(&j, "io_counters");
        json_u64(&j, "read_count", pio.read_count);
        json_u64(&j, "write_count", pio.write_count);
        json_u64(&j, "read_bytes", pio.read_bytes);
        json_u64(&j, "write_bytes", pio.write_bytes);
        json_u64(&j, "read_chars", pio.read_chars);
        json_u64(&j, "write_chars", pio.write_chars);
        json_object_end(&j);
    } else {
        json_null(&j, "io_counters");
    }
    psutil_ctx_switches_t cs;
    if (psutil_proc_num_ctx_switches(p, &cs) == 0) {
        json_object_begin(&j, "num_ctx_switches");
        json_u64(&j, "voluntary", cs.voluntary);
        json_u64(&j, "involuntary", cs.involuntary);
        json_object_end(&j);
    } else {
        json_null(&j, "num_ctx_switches");
    }
    psutil_open_file_t *files;
    size_t nf;
    if (psutil_proc_open_files(p, &files, &nf) == 0) {
        json_array_begin(&j, "open_files");
        for (size_t i = 0; i < nf; i++) {
            json_object_begin(&j, NULL);
            json_string(&j, "path", files[i].path);
            json_i64(&j, "fd", files[i].fd);
            json_u64(&j, "position", files[i].position);
            json_string(&j, "mode", files[i].mode);
            json_i64(&j, "flags", files[i].flags);
            json_object_end(&j);
        }
        json_array_end(&j);
        psutil_free(files);
    } else {
        json_null(&j, "open_files");
    }
    json_object_end(&j);
    json_finish(&j);
}

int cmd_procinfo(int argc, char **argv)
{
    long pid = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " PROCINFO_USAGE "\n\nEverything about one process.\n");
            return CLI_OK;
        } else if (pid == 0 && cli_parse_count(argv[i], &pid) == 0)
            continue;
        else
            return cli_usage_error("procinfo", PROCINFO_USAGE, "unexpected argument '%s'", argv[i]);
    }
    if (pid == 0)
        return cli_usage_error("procinfo", PROCINFO_USAGE, "no pid given");
    psutil_proc_t *p;
    int rc = psutil_proc_open(pid, &p);
    if (rc != 0) {
        char what[48];
        snprintf(what, sizeof(what), "process %ld", pid);
        return cli_fail(what, rc);
    }
    psutil_proc_oneshot_begin(p);
    if (json) {
        print_json(p, pid);
        psutil_proc_oneshot_end(p);
        psutil_proc_close(p);
        return CLI_OK;
    }
    char buf[8192];
    printf("%-14s %ld\n", "pid", pid);
    str_field("name", psutil_proc_name, p);
    str_field("exe", psutil_proc_exe, p);
    str_field("cwd", psutil_proc_cwd, p);
    str_field("username", psutil_proc_username, p);
    str_field("terminal", psutil_proc_terminal, p);

    char **av;
    size_t ac;
    rc = psutil_proc_cmdline(p, &av, &ac);
    {
        size_t off = 0;
        buf[0] = '\0';
        for (size_t i = 0; rc == 0 && i < ac && off < sizeof(buf) - 2; i++)
            off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? " " : "", av[i]);
        field("cmdline", rc, buf);
    }
    if (rc == 0)
        psutil_free(av);

    psutil_pid_t ppid;
    rc = psutil_proc_ppid(p, &ppid);
    num_field("ppid", rc, rc == 0 ? (double)ppid : 0);
    double ct;
    rc = psutil_proc_create_time(p, &ct);
    if (rc == 0) {
        time_t t = (time_t)ct;
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
        field("started", rc, buf);
    } else {
        num_field("create_time", rc, rc == 0 ? ct : 0);
    }
    int st;
    rc = psutil_proc_status(p, &st);
    field("status", rc, rc == 0 ? psutil_proc_status_name(st) : "");
    psutil_ids_t u, g;
    /* Every value below is formatted only when its getter succeeded: a failed getter
     * leaves its output unwritten, and the field then shows the error instead. */
    buf[0] = '\0';
    rc = psutil_proc_uids(p, &u);
    if (rc == 0)
        snprintf(buf, sizeof(buf), "real=%lld effective=%lld saved=%lld", (long long)u.real,
                 (long long)u.effective, (long long)u.saved);
    field("uids", rc, buf);
    rc = psutil_proc_gids(p, &g);
    if (rc == 0)
        snprintf(buf, sizeof(buf), "real=%lld effective=%lld saved=%lld", (long long)g.real,
                 (long long)g.effective, (long long)g.saved);
    field("gids", rc, buf);
    int nice;
    rc = psutil_proc_nice(p, &nice);
    num_field("nice", rc, rc == 0 ? nice : 0);
    psutil_ionice_t io;
    rc = psutil_proc_ionice(p, &io);
    static const char *const classes[] = {"none", "realtime", "best-effort", "idle"};
    snprintf(buf, sizeof(buf), "%s, %d",
             rc == 0 && io.ioclass >= 0 && io.ioclass < 4 ? classes[io.ioclass] : "?",
             rc == 0 ? io.value : 0);
    field("ionice", rc, buf);
    int64_t nt, nfds;
    rc = psutil_proc_num_threads(p, &nt);
    num_field("num_threads", rc, rc == 0 ? (double)nt : 0);
    rc = psutil_proc_num_fds(p, &nfds);
    num_field("num_fds", rc, rc == 0 ? (double)nfds : 0);
    psutil_proc_cpu_times_t t;
    rc = psutil_proc_cpu_times(p, &t);
    if (rc == 0)
        snprintf(buf, sizeof(buf), "user=%.2f system=%.2f children_user=%.2f children_system=%.2f",
                 t.user, t.system, t.children_user, t.children_system);
    field("cpu_times", rc, buf);
    psutil_proc_memory_full_t m;
    rc = psutil_proc_memory_full_info(p, &m);
    /* Without USS (another user's process; Windows without a working-set list) the
     * line still gives rss and vms, as psutil's memory_info. */
    int have_uss = rc == 0;
    if (rc == PSUTIL_EACCES || rc == PSUTIL_ENOTSUP)
        rc = psutil_proc_memory_info(p, &m.base);
    {
        char rss[32], vms[32], uss[32];
        if (rc == 0) {
            cli_human_bytes(rss, sizeof(rss), m.base.rss);
            cli_human_bytes(vms, sizeof(vms), m.base.vms);
            cli_human_bytes(uss, sizeof(uss), have_uss ? m.uss : 0);
            snprintf(buf, sizeof(buf), "rss=%s vms=%s%s%s", rss, vms, have_uss ? " uss=" : "",
                     have_uss ? uss : "");
        }
        field("memory", rc, buf);
    }
    /* psutil 8's memory_footprint: what the process alone holds. */
    psutil_proc_memory_footprint_t fp;
    rc = psutil_proc_memory_footprint(p, &fp);
    {
        char uss[16], pss[16], swap[16];
        if (rc == 0) {
            cli_human_bytes(uss, sizeof(uss), fp.uss);
            cli_human_bytes(pss, sizeof(pss), fp.pss);
            cli_human_bytes(swap, sizeof(swap), fp.swap);
            snprintf(buf, sizeof(buf), "uss=%s pss=%s swap=%s", uss, pss, swap);
        }
        field("footprint", rc, buf);
    }
    psutil_proc_io_t pio;
    rc = psutil_proc_io_counters(p, &pio);
    if (rc == 0)
        snprintf(buf, sizeof(buf), "read=%llu bytes written=%llu bytes",
                 (unsigned long long)pio.read_bytes, (unsigned long long)pio.write_bytes);
    field("io", rc, buf);
    psutil_ctx_switches_t cs;
    rc = psutil_proc_num_ctx_switches(p, &cs);
    if (rc == 0)
        snprintf(buf, sizeof(buf), "voluntary=%llu involuntary=%llu",
                 (unsigned long long)cs.voluntary, (unsigned long long)cs.involuntary);
    field("ctx_switches", rc, buf);
    psutil_open_file_t *files;
    size_t nf;
    rc = psutil_proc_open_files(p, &files, &nf);
    {
        snprintf(buf, sizeof(buf), "%zu", rc == 0 ? nf : 0);
        field("open_files", rc, buf);
        for (size_t i = 0; rc == 0 && i < nf; i++)
            printf("%-14s   %d %s (%s)\n", "", files[i].fd, cli_safe(files[i].path), files[i].mode);
    }
    if (rc == 0)
        psutil_free(files);
    psutil_proc_oneshot_end(p);
    psutil_proc_close(p);
    return CLI_OK;
}
