/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_proc_parsers.c - the /proc/PID parsers on fixtures: a real capture of sleep(1)
 * and edge cases (a name with spaces and parentheses, a 22-field stat, setproctitle
 * command lines, environ oddities, octal fdinfo flags), malformed files, and the API
 * on a fake /proc/4242 tree through the procfs root.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "linux/linux.h"

static char *load(const char *name, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "proc-pid/%s", name);
    char *s = slurp(fixture(rel), len);
    CHECK_MSG(s != NULL, "fixture %s missing", rel);
    return s;
}

static int parse_stat(const char *name, psutil__pstat *st)
{
    size_t len;
    char *s = load(name, &len);
    int rc = psutil__parse_pid_stat(s, len, st);
    free(s);
    return rc;
}

TEST(stat_of_a_real_process_matches_a_naive_reading)
{
    psutil__pstat st;
    size_t len;
    char *s = load("sleep-stat", &len);
    long long pid, ppid, start;
    unsigned long long utime, vsize;
    CHECK(sscanf(s,
                 "%lld (sleep) S %lld %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %*u %*d %*d "
                 "%*d %*d %*d %*d %lld %llu",
                 &pid, &ppid, &utime, &start, &vsize) == 5);
    CHECK_OK(psutil__parse_pid_stat(s, len, &st));
    CHECK(strcmp(st.comm, "sleep") == 0 && st.state == 'S');
    CHECK(st.ppid == ppid && st.utime == utime && st.starttime == (unsigned long long)start);
    CHECK(st.vsize == vsize && st.num_threads == 1);
    free(s);
}

TEST(stat_names_end_at_the_last_parenthesis)
{
    psutil__pstat st;
    CHECK_OK(parse_stat("stat-odd-name", &st));
    CHECK_MSG(strcmp(st.comm, "(a) b)") == 0, "comm '%s'", st.comm);
    CHECK(st.state == 'S' && st.ppid == 1 && st.tty_nr == 34816);
    CHECK(st.minflt == 100 && st.majflt == 2 && st.utime == 150 && st.stime == 25);
    CHECK(st.cutime == 3 && st.cstime == 4 && st.nice == -5 && st.num_threads == 3);
    CHECK(st.starttime == 987654 && st.vsize == 12345678 && st.rss == 300);
    CHECK(st.processor == 0 && st.blkio_ticks == 0);
}

TEST(stat_of_an_old_kernel_with_22_fields)
{
    psutil__pstat st;
    CHECK_OK(parse_stat("stat-old-kernel", &st));
    CHECK(st.starttime == 123 && st.vsize == 0 && st.processor == -1 && st.blkio_ticks == 0);
    CHECK(st.tty_nr == 0 && st.utime == 5 && st.stime == 6);
}

TEST(malformed_stat_files)
{
    static const char *const bad[] = {"stat-short", "stat-no-paren", "stat-garbage-field"};
    for (size_t i = 0; i < 3; i++) {
        psutil__pstat st;
        memset(&st, 0x4D, sizeof(st));
        CHECK_MSG(parse_stat(bad[i], &st) == PSUTIL_EPARSE, "%s accepted", bad[i]);
        CHECK(st.starttime == 0x4D4D4D4D4D4D4D4Dull);
    }
}

TEST(stat_values_out_of_range_follow_the_rules)
{
    psutil__pstat st;
    /* nice 99, threads -4, cutime -7, cstime 5, utime wider than 64 bits, processor 1e12. */
    static const char text[] = "42 (x) S 1 42 42 0 -1 4194560 11 0 12 0 "
                               "99999999999999999999999 13 -7 5 20 99 -4 0 777 4096 3 "
                               "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 "
                               "1000000000000 0 0 0 0\n";
    CHECK_OK(psutil__parse_pid_stat(text, sizeof(text) - 1, &st));
    CHECK_EQ_U64(st.utime, UINT64_MAX);
    CHECK_EQ_U64(st.stime, 13);
    CHECK(st.cutime == 0 && st.cstime == 5);
    CHECK(st.nice == 19);
    /* And below the range: nice -99 is -20. */
    static const char low[] = "42 (x) S 1 42 42 0 -1 4194560 11 0 12 0 14 13 3 5 20 -99 1 0 777 "
                              "4096 3 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0\n";
    psutil__pstat lo;
    CHECK_OK(psutil__parse_pid_stat(low, sizeof(low) - 1, &lo));
    CHECK(lo.nice == -20 && lo.num_threads == 1);
    CHECK(st.num_threads == 0);
    CHECK_EQ_U64(st.starttime, 777);
    CHECK(st.rss == 3);
    CHECK(st.processor == INT32_MAX);
    CHECK(st.minflt == 11 && st.majflt == 12);
    /* A minus sign on an unsigned field (minflt) is garbage, not a huge count. */
    static const char neg[] = "42 (x) S 1 42 42 0 -1 4194560 -11 0 12 0 1 13 0 0 20 0 1 0 777\n";
    memset(&st, 0x4D, sizeof(st));
    CHECK_RC(psutil__parse_pid_stat(neg, sizeof(neg) - 1, &st), PSUTIL_EPARSE);
    CHECK(st.starttime == 0x4D4D4D4D4D4D4D4Dull);
}

struct words {
    size_t n;
    char w[64][64];
};

static int add_word(void *arg, const char *s, size_t n)
{
    struct words *w = arg;
    if (w->n < 64)
        snprintf(w->w[w->n], 64, "%.*s", (int)n, s);
    w->n++;
    return 0;
}

static struct words split(const char *name)
{
    struct words w = {0};
    size_t len;
    char *s = load(name, &len);
    CHECK_OK(psutil__split_cmdline(s, len, add_word, &w));
    free(s);
    return w;
}

TEST(cmdline_follows_psutils_splitting_rules)
{
    struct words w = split("cmdline-nul");
    CHECK(w.n == 3 && strcmp(w.w[0], "python3") == 0 && strcmp(w.w[2], "print(1)") == 0);
    w = split("cmdline-empty-arg"); /* empty arguments are kept */
    CHECK(w.n == 3 && strcmp(w.w[1], "") == 0 && strcmp(w.w[2], "last") == 0);
    /* setproctitle with spaces and no NUL: split on spaces, one trailing space
     * dropped, the rest kept as empty words (psutil issue 1179). */
    size_t len;
    char *s = load("cmdline-setproctitle-spaces", &len);
    size_t trailing = 0;
    while (trailing < len && s[len - 1 - trailing] == ' ')
        trailing++;
    free(s);
    w = split("cmdline-setproctitle-spaces");
    CHECK(w.n == 3 + trailing - 1);
    CHECK(strcmp(w.w[0], "nginx:") == 0 && strcmp(w.w[2], "process") == 0);
    /* One NUL-terminated argument holding spaces: split on spaces too. */
    w = split("cmdline-setproctitle-nul-end");
    CHECK(w.n == 6 && strcmp(w.w[0], "postgres:") == 0 && strcmp(w.w[5], "") == 0);
    struct words none = {0};
    CHECK_OK(psutil__split_cmdline("", 0, add_word, &none));
    CHECK(none.n == 0); /* kernel threads, zombies */
}

struct envs {
    size_t n;
    char kv[16][64];
};

static int add_env(void *arg, const char *k, size_t kl, const char *v, size_t vl)
{
    struct envs *e = arg;
    snprintf(e->kv[e->n++], 64, "%.*s=%.*s", (int)kl, k, (int)vl, v);
    return 0;
}

TEST(environ_entries_as_psutil_reads_them)
{
    struct envs e = {0};
    size_t len;
    char *s = load("environ", &len);
    CHECK_OK(psutil__split_environ(s, len, add_env, &e));
    free(s);
    /* "=nokey" and "NOEQ" are skipped; the unterminated tail is dropped. */
    CHECK(e.n == 4);
    CHECK(strcmp(e.kv[0], "A=1") == 0 && strcmp(e.kv[1], "B=two words") == 0);
    CHECK(strcmp(e.kv[2], "A=again") == 0 && strcmp(e.kv[3], "EMPTY=") == 0);
}

TEST(fdinfo_statm_status_io_smaps)
{
    size_t len;
    uint64_t pos, v[7];
    int flags;
    char *s = load("fdinfo-append-rw", &len);
    CHECK_OK(psutil__parse_fdinfo(s, len, &pos, &flags));
    CHECK(pos == 12345 && flags == 02102);
    free(s);
    s = load("fdinfo-bad", &len);
    CHECK_RC(psutil__parse_fdinfo(s, len, &pos, &flags), PSUTIL_EPARSE);
    free(s);
    s = load("statm", &len);
    CHECK_OK(psutil__parse_statm(s, len, v));
    CHECK(v[0] == 1356 && v[1] == 209 && v[2] == 180 && v[3] == 5 && v[5] == 94);
    free(s);
    s = load("statm-bad", &len);
    CHECK_RC(psutil__parse_statm(s, len, v), PSUTIL_EPARSE);
    free(s);
    psutil_ids_t ids;
    uint64_t vol;
    s = load("status-kthread", &len);
    CHECK_OK(psutil__parse_ids(s, len, "Uid", &ids));
    CHECK(ids.real == 0 && ids.saved == 0);
    CHECK_OK(psutil__kv_u64(s, len, "voluntary_ctxt_switches", &vol, NULL));
    CHECK(vol == 93);
    int absent = 0; /* VmRSS: absent in kernel threads */
    CHECK(psutil__kv_u64(s, len, "VmRSS", &vol, &absent) == PSUTIL_EPARSE && absent == 1);
    free(s);
    s = load("status-bad-uid", &len);
    CHECK_RC(psutil__parse_ids(s, len, "Uid", &ids), PSUTIL_EPARSE);
    free(s);
    s = load("sleep-status", &len);
    uint64_t rss_kb;
    CHECK_OK(psutil__kv_u64(s, len, "VmRSS", &rss_kb, NULL));
    CHECK(rss_kb > 0 && rss_kb % 1024 == 0); /* "kB" converted to bytes */
    free(s);
    s = load("sleep-io", &len);
    uint64_t rchar;
    CHECK_OK(psutil__kv_u64(s, len, "rchar", &rchar, NULL));
    free(s);
}

static int count_maps(void *arg, const psutil__smap *m)
{
    size_t *n = arg;
    if (*n == 0)
        CHECK(m->path_len == 14 && memcmp(m->path, "/usr/bin/sleep", 14) == 0 &&
              m->perms_len == 4 && memcmp(m->perms, "r--p", 4) == 0);
    (*n)++;
    return 0;
}

TEST(smaps_and_smaps_rollup_agree)
{
    size_t len, rlen, nmaps = 0, headers = 0;
    char *s = load("sleep-smaps", &len), *r = load("sleep-smaps_rollup", &rlen);
    uint64_t uss, pss, swap, russ, rpss, rswap;
    CHECK_OK(psutil__parse_smaps(s, len, count_maps, &nmaps));
    for (const char *p = s; p; p = strchr(p, '\n')) {
        if (*p == '\n')
            p++;
        if (*p && strchr("0123456789abcdef", *p) && strchr(p, '-') &&
            strchr(p, '-') < strchr(p, ' '))
            headers++;
    }
    CHECK(nmaps == headers && nmaps > 5);
    CHECK_OK(psutil__parse_smaps_totals(s, len, &uss, &pss, &swap));
    CHECK_OK(psutil__parse_smaps_totals(r, rlen, &russ, &rpss, &rswap));
    /* Same process, same instant: the rollup sums what smaps lists (each smaps line is
     * rounded to a kB, so up to one kB per mapping apart). */
    CHECK_NEAR(uss, russ, 1024.0 * (double)nmaps);
    CHECK_NEAR(pss, rpss, 1024.0 * (double)nmaps);
    CHECK(swap == rswap);
    free(s);
    free(r);
    const char *junk = "Rss: 4 kB\n";
    CHECK_RC(psutil__parse_smaps(junk, strlen(junk), count_maps, &nmaps), PSUTIL_EPARSE);
}

/* A fake /proc/4242 in a temporary root. */
static char *fake_proc(void)
{
    static char dir[64];
    char cmd[1024];
    strcpy(dir, "/tmp/psutil-fakeproc-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd),
             "mkdir -p %s/4242 && cd %s/4242 && cp %s stat && cp %s cmdline && cp %s environ && "
             "printf 'Name:\\tx\\nTgid:\\t4242\\nUid:\\t1000\\t1000\\t1000\\t1000\\n' > status",
             dir, dir, fixture("proc-pid/stat-odd-name"),
             fixture("proc-pid/cmdline-setproctitle-spaces"), fixture("proc-pid/environ"));
    CHECK(run(cmd, NULL) == 0);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, dir));
    return dir;
}

TEST(the_api_on_a_fake_proc_tree)
{
    char *dir = fake_proc(), *name, **argv, cmd[128];
    psutil_proc_t *p;
    size_t n;
    CHECK_OK(psutil_proc_open(4242, &p));
    CHECK_OK(psutil_proc_name(p, &name));
    CHECK(strcmp(name, "(a) b)") == 0);
    psutil_free(name);
    CHECK_OK(psutil_proc_cmdline(p, &argv, &n));
    CHECK(n >= 3 && strcmp(argv[1], "worker") == 0);
    psutil_free(argv);
    psutil_env_var_t *env;
    CHECK_OK(psutil_proc_environ(p, &env, &n));
    /* A repeated key keeps its first place and takes the last value (a dict). */
    CHECK(n == 3);
    CHECK(strcmp(env[0].key, "A") == 0 && strcmp(env[0].value, "again") == 0);
    CHECK(strcmp(env[1].key, "B") == 0 && strcmp(env[2].key, "EMPTY") == 0);
    CHECK(strcmp(env[2].value, "") == 0);
    psutil_free(env);
    psutil_ids_t u;
    CHECK_OK(psutil_proc_uids(p, &u));
    CHECK(u.real == 1000);
    psutil_page_faults_t pf;
    CHECK_OK(psutil_proc_page_faults(p, &pf));
    CHECK(pf.minor == 100 && pf.major == 2);
    /* A status whose Tgid is another pid: a thread, not a process. */
    snprintf(cmd, sizeof(cmd), "sed -i 's/Tgid:\\t4242/Tgid:\\t1/' %s/4242/status", dir);
    CHECK(run(cmd, NULL) == 0);
    psutil_proc_t *t = NULL;
    CHECK_RC(psutil_proc_open(4242, &t), PSUTIL_ENOSUCHPROC);
    /* The stat changes its start time: the old handle is no longer this process. */
    snprintf(cmd, sizeof(cmd), "sed -i 's/ 987654 / 987655 /' %s/4242/stat", dir);
    CHECK(run(cmd, NULL) == 0);
    CHECK_RC(psutil_proc_name(p, &name), PSUTIL_ENOSUCHPROC);
    psutil_proc_close(p);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}
