/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_containers.c - the limits that bind (psutil_cgroup_limits and the process form)
 * and pressure stall information: cgroup v2 and v1 fixture trees whose every figure is
 * distinct and whose tightest limit sits at a different level for each controller; live,
 * v1 child cgroups made for the test with a CPU quota, a cpuset, a memory and a pids
 * limit, a child process moved in, every figure checked against the files and against
 * the child's own affinity (what nproc prints); and PSI against /proc/pressure read
 * directly.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MiB (1024ull * 1024)

TEST(cgroup_v2_tightest_limits_from_nested_levels)
{
    psutil_cgroup_limits_t l, lp;
    use_roots("cgroup-v2/proc", "cgroup-v2/sys", NULL);
    CHECK_OK(psutil_cgroup_limits(&l));
    CHECK(l.version == 2);
    CHECK(l.have ==
          (PSUTIL_CG_CPU | PSUTIL_CG_CPUSET | PSUTIL_CG_MEMORY | PSUTIL_CG_SWAP | PSUTIL_CG_PIDS));
    /* cpu.max: kubepods 1.2 CPUs, pod1 1.5, ctr "max": the top level's binds. */
    CHECK_NEAR(l.cpu_quota, 1.2, 1e-12);
    CHECK_EQ_U64(l.cpu_period, 100000);
    CHECK(l.cpuset_cpus == 5);    /* 0-3,6 */
    CHECK(l.affinity_cpus == -1); /* a fixture: not the caller's syscall */
    CHECK_NEAR(l.effective_cpus, 1.2, 1e-12);
    /* memory.max: kubepods 1 GiB, pod1 max, ctr 768 MiB; memory.high only pod1's. */
    CHECK_EQ_U64(l.memory_max, 768 * MiB);
    CHECK_EQ_U64(l.memory_high, 512 * MiB);
    CHECK_EQ_U64(l.memory_current, 123456789);
    CHECK_EQ_U64(l.swap_max, 256 * MiB);
    CHECK_EQ_U64(l.swap_current, 4096);
    CHECK_EQ_U64(l.pids_max, 500); /* kubepods; pod1 and ctr "max" */
    CHECK_EQ_U64(l.pids_current, 17);
    /* The same through a process handle. */
    psutil_proc_t *p;
    CHECK_OK(psutil_proc_open(400, &p));
    CHECK_OK(psutil_proc_cgroup_limits(p, &lp));
    CHECK(memcmp(&l, &lp, sizeof(l)) == 0);
    /* The cgroup's own pressure files; memory.pressure is absent there. */
    psutil_pressure_t pr;
    CHECK_OK(psutil_proc_cgroup_pressure(p, PSUTIL_PRESSURE_CPU, &pr));
    CHECK_NEAR(pr.some_avg10, 1.50, 1e-12);
    CHECK_NEAR(pr.some_avg60, 0.75, 1e-12);
    CHECK_NEAR(pr.some_avg300, 0.25, 1e-12);
    CHECK_EQ_U64(pr.some_total, 987654);
    CHECK(pr.has_full == 1);
    CHECK_NEAR(pr.full_avg10, 0.50, 1e-12);
    CHECK_NEAR(pr.full_avg300, 0.05, 1e-12);
    CHECK_EQ_U64(pr.full_total, 123456);
    CHECK_OK(psutil_proc_cgroup_pressure(p, PSUTIL_PRESSURE_IO, &pr));
    CHECK(pr.has_full == 0 && pr.some_total == 555);
    CHECK_NEAR(pr.some_avg60, 1.75, 1e-12);
    CHECK_RC(psutil_proc_cgroup_pressure(p, PSUTIL_PRESSURE_MEMORY, &pr), PSUTIL_ENOTSUP);
    CHECK_RC(psutil_proc_cgroup_pressure(p, 3, &pr), PSUTIL_EINVAL);
    psutil_proc_close(p);
}

TEST(cgroup_v1_hybrid_limits_with_memsw_and_an_empty_unified_hierarchy)
{
    psutil_cgroup_limits_t l;
    use_roots("cgroup-v1/proc", "cgroup-v1/sys", NULL);
    CHECK_OK(psutil_cgroup_limits(&l));
    CHECK(l.version == 1); /* the unified hierarchy has no controller */
    CHECK(l.have ==
          (PSUTIL_CG_CPU | PSUTIL_CG_CPUSET | PSUTIL_CG_MEMORY | PSUTIL_CG_SWAP | PSUTIL_CG_PIDS));
    CHECK_NEAR(l.cpu_quota, 2.5, 1e-12); /* abc's 250000/100000; docker has -1 */
    CHECK_EQ_U64(l.cpu_period, 100000);
    CHECK(l.cpuset_cpus == 2); /* cpuset.cpus 2-3 (no effective_cpus file) */
    CHECK_NEAR(l.effective_cpus, 2.0, 1e-12);
    CHECK_EQ_U64(l.memory_max, 2048 * MiB); /* docker's; abc is v1's "unlimited" */
    CHECK_EQ_U64(l.memory_high, PSUTIL_UNLIMITED);
    CHECK_EQ_U64(l.memory_current, 1048576000);
    CHECK_EQ_U64(l.swap_max, 1024 * MiB); /* memsw 3 GiB - memory 2 GiB */
    CHECK_EQ_U64(l.swap_current, 100000000);
    CHECK_EQ_U64(l.pids_max, 1024);
    CHECK_EQ_U64(l.pids_current, 33);
    /* System-wide pressure: cpu without a "full" line (before 5.13), no io file. */
    psutil_pressure_t pr;
    CHECK_OK(psutil_pressure(PSUTIL_PRESSURE_CPU, &pr));
    CHECK(pr.has_full == 0 && pr.some_total == 7777);
    CHECK_NEAR(pr.some_avg10, 3.25, 1e-12);
    CHECK_NEAR(pr.some_avg60, 2.50, 1e-12);
    CHECK_NEAR(pr.some_avg300, 1.00, 1e-12);
    CHECK_OK(psutil_pressure(PSUTIL_PRESSURE_MEMORY, &pr));
    CHECK(pr.has_full == 1 && pr.some_total == 4444 && pr.full_total == 55);
    CHECK_NEAR(pr.full_avg60, 0.02, 1e-12);
    CHECK_RC(psutil_pressure(PSUTIL_PRESSURE_IO, &pr), PSUTIL_ENOTSUP);
    CHECK_RC(psutil_cgroup_limits(NULL), PSUTIL_EINVAL);
    /* Another process, in a memory cgroup with v1's "unlimited" (PAGE_COUNTER_MAX pages)
     * and in no other hierarchy: no limit, which is not a number, and no cpu figures. */
    psutil_proc_t *p;
    CHECK_OK(psutil_proc_open(500, &p));
    CHECK_OK(psutil_proc_cgroup_limits(p, &l));
    CHECK(l.have == (PSUTIL_CG_MEMORY | PSUTIL_CG_SWAP) && l.version == 1);
    CHECK_EQ_U64(l.memory_max, PSUTIL_UNLIMITED);
    CHECK_EQ_U64(l.swap_max, PSUTIL_UNLIMITED);
    CHECK_EQ_U64(l.memory_current, 7340032);
    CHECK_EQ_U64(l.swap_current, 5000);
    CHECK(l.cpu_quota == -1 && l.cpu_period == 0 && l.cpuset_cpus == 0 &&
          l.pids_max == PSUTIL_UNLIMITED);
    /* Its unified cgroup has no pressure files (the hierarchy has no controller). */
    psutil_pressure_t cp;
    CHECK_RC(psutil_proc_cgroup_pressure(p, PSUTIL_PRESSURE_CPU, &cp), PSUTIL_ENOTSUP);
    psutil_proc_close(p);
}

/* --- live: v1 cgroups made for the test ------------------------------------------- */

static char cg_dirs[8][256];
static int cg_n;

static void write_str(const char *path, const char *v)
{
    FILE *f = fopen(path, "w");
    CHECK_MSG(f != NULL, "%s: %s", path, strerror(errno));
    int ok = fputs(v, f) >= 0;
    ok = (fclose(f) == 0) && ok;
    CHECK_MSG(ok, "writing %s to %s: %s", v, path, strerror(errno));
}

static uint64_t read_u64(const char *path)
{
    FILE *f = fopen(path, "r");
    unsigned long long v = 0;
    CHECK_MSG(f && fscanf(f, "%llu", &v) == 1, "%s", path);
    fclose(f);
    return v;
}

/* Makes <controller>/psutil-test-PID and its child "c"; returns the child's path. */
static const char *make_cg(const char *ctrl, char *parent, size_t psize)
{
    snprintf(parent, psize, "/sys/fs/cgroup/%s/psutil-test-%d", ctrl, (int)getpid());
    CHECK_MSG(mkdir(parent, 0755) == 0 || errno == EEXIST, "%s: %s", parent, strerror(errno));
    snprintf(cg_dirs[cg_n++], sizeof(cg_dirs[0]), "%s", parent);
    snprintf(cg_dirs[cg_n], sizeof(cg_dirs[0]), "%s/c", parent);
    CHECK_MSG(mkdir(cg_dirs[cg_n], 0755) == 0 || errno == EEXIST, "%s", cg_dirs[cg_n]);
    return cg_dirs[cg_n++];
}

static void remove_cgs(void)
{
    for (int i = cg_n - 1; i >= 0; i--)
        rmdir(cg_dirs[i]);
    cg_n = 0;
}

TEST(live_v1_cgroups_bind_a_child_as_their_files_say)
{
    if (geteuid() != 0)
        harness_skip("making cgroups needs root");
    if (access("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", W_OK) != 0 ||
        access("/sys/fs/cgroup/memory/memory.limit_in_bytes", F_OK) != 0)
        harness_skip("no writable cgroup v1 cpu and memory hierarchies (a cgroup v2 machine: the "
                     "fixture tests cover v2)");
    char parent[256], path[512];
    const char *cpu = make_cg("cpu", parent, sizeof(parent));
    snprintf(path, sizeof(path), "%s/cpu.cfs_quota_us", parent);
    write_str(path, "150000"); /* 1.5 CPUs above... */
    snprintf(path, sizeof(path), "%s/cpu.cfs_quota_us", cpu);
    write_str(path, "50000"); /* ...0.5 in the child: the child's binds */
    const char *cpuset = make_cg("cpuset", parent, sizeof(parent));
    char mems[64] = "0";
    FILE *f = fopen("/sys/fs/cgroup/cpuset/cpuset.mems", "r");
    if (f) {
        if (fscanf(f, "%63[^\n]", mems) != 1)
            snprintf(mems, sizeof(mems), "0");
        fclose(f);
    }
    snprintf(path, sizeof(path), "%s/cpuset.cpus", parent);
    write_str(path, "0");
    snprintf(path, sizeof(path), "%s/cpuset.mems", parent);
    write_str(path, mems);
    snprintf(path, sizeof(path), "%s/cpuset.cpus", cpuset);
    write_str(path, "0");
    snprintf(path, sizeof(path), "%s/cpuset.mems", cpuset);
    write_str(path, mems);
    const char *mem = make_cg("memory", parent, sizeof(parent));
    snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", parent);
    write_str(path, "268435456"); /* 256 MiB above binds... */
    snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", mem);
    write_str(path, "314572800"); /* ...over 300 MiB in the child */
    const char *pids = make_cg("pids", parent, sizeof(parent));
    snprintf(path, sizeof(path), "%s/pids.max", parent);
    write_str(path, "64");
    snprintf(path, sizeof(path), "%s/pids.max", pids);
    write_str(path, "40");

    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        pause();
        _exit(0);
    }
    char pidtxt[32];
    snprintf(pidtxt, sizeof(pidtxt), "%d", (int)child);
    const char *const leaves[] = {cpu, cpuset, mem, pids};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/cgroup.procs", leaves[i]);
        write_str(path, pidtxt);
    }
    psutil_proc_t *p;
    psutil_cgroup_limits_t l;
    CHECK_OK(psutil_proc_open(child, &p));
    snprintf(path, sizeof(path), "%s/memory.usage_in_bytes", mem);
    uint64_t before = read_u64(path);
    int rc = psutil_proc_cgroup_limits(p, &l);
    uint64_t after = read_u64(path);
    snprintf(path, sizeof(path), "%s/pids.current", pids);
    uint64_t npids = read_u64(path);
    /* nproc's answer in the child: its affinity, which the cpuset narrowed to CPU 0. */
    cpu_set_t set;
    CPU_ZERO(&set);
    int aff = sched_getaffinity(child, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : -1;
    psutil_proc_close(p);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    remove_cgs();
    CHECK_OK(rc);
    CHECK(l.version == 1);
    CHECK((l.have & (PSUTIL_CG_CPU | PSUTIL_CG_CPUSET | PSUTIL_CG_MEMORY | PSUTIL_CG_PIDS)) ==
          (PSUTIL_CG_CPU | PSUTIL_CG_CPUSET | PSUTIL_CG_MEMORY | PSUTIL_CG_PIDS));
    CHECK_NEAR(l.cpu_quota, 0.5, 1e-12);
    CHECK_EQ_U64(l.cpu_period, 100000);
    CHECK(l.cpuset_cpus == 1);
    CHECK_MSG(l.affinity_cpus == aff && aff == 1, "affinity %d, the child's %d", l.affinity_cpus,
              aff);
    CHECK_NEAR(l.effective_cpus, 0.5, 1e-12);
    CHECK_EQ_U64(l.memory_max, 256 * MiB);
    CHECK_MSG(l.memory_current >= (before < after ? before : after) &&
                  l.memory_current <= (before > after ? before : after),
              "usage %llu outside the file's %llu..%llu", (unsigned long long)l.memory_current,
              (unsigned long long)before, (unsigned long long)after);
    CHECK_EQ_U64(l.pids_max, 40);
    CHECK_EQ_U64(l.pids_current, npids);
    CHECK(npids == 1);
}

/* The caller's own limits and the machine's pressure against the files read directly. */
TEST(live_own_memory_cgroup_and_pressure_match_the_files)
{
    psutil_cgroup_limits_t l;
    CHECK_OK(psutil_cgroup_limits(&l));
    CHECK(l.effective_cpus > 0);
    psutil_pressure_t pr;
    if (access("/proc/pressure/cpu", R_OK) != 0) {
        CHECK_RC(psutil_pressure(PSUTIL_PRESSURE_CPU, &pr), PSUTIL_ENOTSUP);
        return;
    }
    char *out;
    CHECK(run("awk -F'total=' '/^some/ {print $2}' /proc/pressure/io", &out) == 0);
    uint64_t t0 = strtoull(out, NULL, 10);
    free(out);
    CHECK_OK(psutil_pressure(PSUTIL_PRESSURE_IO, &pr));
    CHECK(run("awk -F'total=' '/^some/ {print $2}' /proc/pressure/io", &out) == 0);
    uint64_t t1 = strtoull(out, NULL, 10);
    free(out);
    CHECK_MSG(pr.some_total >= t0 && pr.some_total <= t1, "%llu outside %llu..%llu",
              (unsigned long long)pr.some_total, (unsigned long long)t0, (unsigned long long)t1);
    CHECK(pr.some_avg10 >= 0 && pr.some_avg10 <= 100 && pr.has_full == 1);
}

/* --- a process's cgroups, container and namespaces --------------------------------- */

/* The container id from each runtime's path pattern, and none from lookalikes: a 63-digit
 * name, upper-case hex, a service. The table's CGROUP text (ps's) and container column
 * carry the same; psutil_proc_cgroups lists the file's lines. */
TEST(container_ids_from_every_runtime_pattern_and_none_from_lookalikes)
{
    static const struct {
        psutil_pid_t pid;
        const char *id;
    } want[] = {
        {501, "18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a"}, /* docker v1 */
        {502, "2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b"}, /* podman */
        {503, "3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c"}, /* containerd */
        {504, "4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d"}, /* CRI-O */
        {505, "5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e"}, /* kubepods */
        {506, ""},                                                                 /* a service */
        {507, ""}, /* 63 digits; upper case */
    };
    use_roots("cgroup-v1/proc", "cgroup-v1/sys", NULL);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        psutil_proc_t *p;
        char *id;
        CHECK_OK(psutil_proc_open(want[i].pid, &p));
        CHECK_OK(psutil_proc_container_id(p, &id));
        CHECK_MSG(strcmp(id, want[i].id) == 0, "pid %d: '%s'", (int)want[i].pid, id);
        psutil_free(id);
        psutil_proc_close(p);
    }
    psutil_proc_row_t *rows;
    size_t n, seen = 0;
    CHECK_OK(psutil_proc_table(PSUTIL_PF_CGROUP, &rows, &n));
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
            if (rows[r].pid == want[i].pid) {
                CHECK(rows[r].have & PSUTIL_PF_CGROUP);
                CHECK_MSG(strcmp(rows[r].container_id, want[i].id) == 0, "row %d: %s",
                          (int)rows[r].pid, rows[r].container_id);
                seen++;
                if (rows[r].pid == 501) /* ps's text: the lines not at the root, by "," */
                    CHECK(strcmp(rows[r].cgroup,
                                 "12:memory:/docker/18f6d4b2907e5c3a18f6d4b2907e5c3"
                                 "a18f6d4b2907e5c3a18f6d4b2907e5c3a,11:cpu,cpuacct:/"
                                 "docker/18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907"
                                 "e5c3a18f6d4b2907e5c3a,1:name=systemd:/docker/18f6"
                                 "d4b2907e5c3a18f6d4b2907e5c3a18f6d4b2907e5c3a18f6d"
                                 "4b2907e5c3a") == 0);
                if (rows[r].pid == 506)
                    CHECK(strcmp(rows[r].cgroup, "0::/system.slice/ssh.service") == 0);
            }
    CHECK_EQ_U64(seen, 7);
    psutil_free(rows);
    psutil_proc_t *p;
    psutil_cgroup_t *cg;
    CHECK_OK(psutil_proc_open(501, &p));
    CHECK_OK(psutil_proc_cgroups(p, &cg, &n));
    CHECK_EQ_U64(n, 5);
    CHECK(cg[1].hierarchy == 11 && strcmp(cg[1].controllers, "cpu,cpuacct") == 0);
    CHECK(strncmp(cg[1].path, "/docker/18f6d4b2", 16) == 0 && strlen(cg[1].path) == 72);
    CHECK(cg[2].hierarchy == 9 && strcmp(cg[2].path, "/") == 0);
    CHECK(cg[3].hierarchy == 1 && strcmp(cg[3].controllers, "name=systemd") == 0);
    CHECK(cg[4].hierarchy == 0 && cg[4].controllers[0] == '\0' && strcmp(cg[4].path, "/") == 0);
    psutil_free(cg);
    psutil_proc_close(p);
}

/* Live: our own cgroups are /proc/self/cgroup's lines, ps -o cgroup prints what procps
 * prints for us, and a child in a new network namespace (unshare) shares every
 * namespace with us but the network one, as readlink /proc/PID/ns/NAME says. */
TEST(live_cgroups_namespaces_and_ps_cgroup_column_agree_with_the_kernel_and_procps)
{
    psutil_proc_t *self;
    psutil_cgroup_t *cg;
    size_t n;
    char cmd[512], *out;
    CHECK_OK(psutil_proc_open(getpid(), &self));
    CHECK_OK(psutil_proc_cgroups(self, &cg, &n));
    snprintf(cmd, sizeof(cmd), "cat /proc/%d/cgroup", (int)getpid());
    CHECK(run(cmd, &out) == 0);
    char *line = out;
    for (size_t i = 0; i < n; i++) {
        char want[4200];
        snprintf(want, sizeof(want), "%d:%s:%s\n", cg[i].hierarchy, cg[i].controllers, cg[i].path);
        CHECK_MSG(strncmp(line, want, strlen(want)) == 0, "line %zu: %s vs %s", i, want, line);
        line += strlen(want);
    }
    CHECK(*line == '\0');
    free(out);
    psutil_free(cg);
    snprintf(cmd, sizeof(cmd),
             "%s/psutil ps -p %d -o pid,cgroup,comm > /tmp/psutil-cg-$$ && ps -p %d -o "
             "pid,cgroup,comm | diff /tmp/psutil-cg-$$ -; r=$?; rm -f /tmp/psutil-cg-$$; exit $r",
             build_dir(), (int)getpid(), (int)getpid());
    CHECK_MSG(run(cmd, &out) == 0, "psutil ps and procps ps differ:\n%s", out);
    free(out);

    psutil_namespaces_t mine, its;
    CHECK_OK(psutil_proc_namespaces(self, &mine));
    snprintf(cmd, sizeof(cmd), "readlink /proc/%d/ns/net /proc/%d/ns/mnt", (int)getpid(),
             (int)getpid());
    CHECK(run(cmd, &out) == 0);
    char want[128];
    snprintf(want, sizeof(want), "net:[%llu]\nmnt:[%llu]\n", (unsigned long long)mine.net,
             (unsigned long long)mine.mnt);
    CHECK_MSG(strcmp(out, want) == 0, "%s vs %s", out, want);
    free(out);
    CHECK(mine.pid && mine.user && mine.uts && mine.ipc && mine.cgroup);
    psutil_proc_close(self);
    if (geteuid() != 0 || run("command -v unshare >/dev/null", NULL) != 0)
        harness_skip("a new network namespace needs root and unshare (util-linux)");
    snprintf(cmd, sizeof(cmd), "unshare --net sleep 5 </dev/null >/dev/null 2>&1 & echo $!");
    CHECK(run(cmd, &out) == 0);
    psutil_pid_t child = (psutil_pid_t)atoi(out);
    free(out);
    psutil_proc_t *p;
    int rc = -1;
    for (int i = 0; i < 50 && rc != 0; i++) { /* until unshare has exec'd sleep */
        usleep(20000);
        if (psutil_proc_open(child, &p) == 0) {
            char *name = NULL;
            if (psutil_proc_name(p, &name) == 0 && strcmp(name, "sleep") == 0)
                rc = psutil_proc_namespaces(p, &its);
            psutil_free(name);
            psutil_proc_close(p);
        }
    }
    /* The table's namespaces for both processes, through the same field. */
    psutil_proc_row_t *rows;
    size_t nrows;
    int trc = psutil_proc_table(PSUTIL_PF_NAMESPACES, &rows, &nrows);
    snprintf(cmd, sizeof(cmd), "readlink /proc/%d/ns/net", (int)child);
    CHECK(run(cmd, &out) == 0);
    kill(child, SIGKILL);
    CHECK_OK(rc);
    CHECK_OK(trc);
    int found = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (rows[i].pid == child) {
            CHECK(rows[i].have & PSUTIL_PF_NAMESPACES);
            CHECK(memcmp(&rows[i].ns, &its, sizeof(its)) == 0);
            found++;
        } else if (rows[i].pid == getpid()) {
            CHECK(memcmp(&rows[i].ns, &mine, sizeof(mine)) == 0);
            found++;
        }
    }
    CHECK(found == 2);
    psutil_free(rows);
    snprintf(want, sizeof(want), "net:[%llu]\n", (unsigned long long)its.net);
    CHECK_MSG(strcmp(out, want) == 0, "%s vs %s", out, want);
    free(out);
    CHECK(its.net != mine.net);
    CHECK(its.mnt == mine.mnt && its.pid == mine.pid && its.user == mine.user &&
          its.uts == mine.uts && its.ipc == mine.ipc && its.cgroup == mine.cgroup);
}

/* --- the tool: free and the overview show the limit that binds ---------------------- */

TEST(free_and_overview_show_the_binding_limits_inside_a_cgroup)
{
    if (geteuid() != 0)
        harness_skip("making cgroups needs root");
    if (access("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", W_OK) != 0 ||
        access("/sys/fs/cgroup/memory/memory.limit_in_bytes", F_OK) != 0)
        harness_skip("no writable cgroup v1 cpu and memory hierarchies (a cgroup v2 machine)");
    char parent[256], path[512], cmd[2048], *out;
    const char *cpu = make_cg("cpu", parent, sizeof(parent));
    snprintf(path, sizeof(path), "%s/cpu.cfs_quota_us", cpu);
    write_str(path, "50000");
    const char *mem = make_cg("memory", parent, sizeof(parent));
    snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", mem);
    write_str(path, "268435456");
    /* Each command runs in the cgroups; the shell then prints the cgroup's usage as the
     * kernel has it, the reference for free's "used" (within 8 MiB: the tools come and go). */
    snprintf(cmd, sizeof(cmd),
             "sh -c 'echo $$ > %s/cgroup.procs && echo $$ > %s/cgroup.procs && "
             "%s/psutil free -b; %s/psutil free --json; %s/psutil; "
             "%s/psutil serve --once --no-procs | grep ^psutil_cgroup_; "
             "echo usage $(cat %s/memory.usage_in_bytes)' 2>&1",
             cpu, mem, build_dir(), build_dir(), build_dir(), build_dir(), mem);
    int st = run(cmd, &out);
    remove_cgs();
    CHECK_MSG(st == 0, "%s", out);
    /* free: procps's lines, then Limit: total used free in bytes. */
    unsigned long long lt = 0, lu = 0, lf = 0;
    const char *limit = strstr(out, "\nLimit:");
    CHECK_MSG(limit && sscanf(limit, "\nLimit: %llu %llu %llu", &lt, &lu, &lf) == 3, "%s", out);
    CHECK_EQ_U64(lt, 268435456);
    CHECK(lu > 0 && lu < lt && lf == lt - lu);
    unsigned long long usage = 0;
    const char *u = strstr(out, "\nusage ");
    CHECK(u && sscanf(u, "\nusage %llu", &usage) == 1);
    CHECK_MSG(lu + 8 * MiB >= usage && usage + 8 * MiB >= lu, "free's used %llu, the file's %llu",
              lu, usage);
    /* --json: the same limit, and the quota. */
    CHECK_MSG(strstr(out, "\"memory_max\": 268435456") || strstr(out, "\"memory_max\":268435456"),
              "%s", out);
    CHECK_MSG(strstr(out, "\"cpu_quota\": 0.50") || strstr(out, "\"cpu_quota\":0.50"), "%s", out);
    /* The overview: the usable CPUs and the memory limit, beside the machine's. */
    int online = 0;
    CHECK_OK(psutil_cpu_count(1, &online));
    char want[128];
    snprintf(want, sizeof(want), "\ncgroup   0.50 of %d CPUs usable, memory limit 256.0M, ",
             online);
    CHECK_MSG(strstr(out, want), "no '%s' in:\n%s", want + 1, out);
    /* serve: the exporter's own limits. */
    CHECK_MSG(strstr(out, "\npsutil_cgroup_memory_max_bytes 268435456\n") &&
                  strstr(out, "\npsutil_cgroup_cpu_quota_cpus 0.5\n") &&
                  strstr(out, "\npsutil_cgroup_effective_cpus 0.5\n"),
              "%s", out);
    free(out);
    /* Outside them nothing binds here: free prints procps's lines only. */
    snprintf(cmd, sizeof(cmd), "%s/psutil free -b", build_dir());
    CHECK(run(cmd, &out) == 0);
    CHECK_MSG(!strstr(out, "Limit:"), "%s", out);
    free(out);
}

/* --- the host from inside ------------------------------------------------------------ */

/* A new pid, network and mount namespace (a container) that was given the host's procfs
 * at a path of its own: with HOST_PROC pointing there, sockets, processes and mounts are
 * the host's; without, its own. A listener on each side and a mount made inside tell
 * them apart. */
TEST(inside_new_namespaces_a_moved_root_shows_the_hosts_sockets_processes_and_mounts)
{
    if (geteuid() != 0 || run("command -v unshare >/dev/null", NULL) != 0)
        harness_skip("new namespaces need root and unshare (util-linux)");
    char dir[] = "/tmp/psutil-ns-XXXXXX", cmd[4096], *out;
    CHECK(mkdtemp(dir) != NULL);
    static const char listen_py[] = "import socket, sys, time\n"
                                    "s = socket.socket()\n"
                                    "s.bind(('127.0.0.1', 0))\n"
                                    "s.listen()\n"
                                    "print(s.getsockname()[1], flush=True)\n"
                                    "time.sleep(30)\n";
    char script[600];
    snprintf(script, sizeof(script), "%s/listen.py", dir);
    FILE *f = fopen(script, "w");
    CHECK(f && fputs(listen_py, f) >= 0 && fclose(f) == 0);
    /* The host's listener. */
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s > %s/hostport 2>/dev/null & echo $!", script,
             dir);
    CHECK(run(cmd, &out) == 0);
    int host_pid = atoi(out);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "for i in $(seq 50); do [ -s %s/hostport ] && break; sleep 0.1; done; cat %s/hostport",
             dir, dir);
    CHECK(run(cmd, &out) == 0);
    int host_port = atoi(out);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "unshare --net --pid --mount --fork sh -c '"
             "mkdir -p %s/hostproc %s/nsonly && mount --bind /proc %s/hostproc && "
             "mount -t proc proc /proc && mount -t tmpfs nsonly %s/nsonly && ip link set lo up && "
             "(/usr/bin/python3 %s > %s/nsport &) && "
             "for i in $(seq 50); do [ -s %s/nsport ] && break; sleep 0.1; done; "
             "echo \"== own $(cat %s/nsport)\"; %s/psutil netstat -tlnp; %s/psutil ps -e -o pid= "
             "-o comm=; "
             "%s/psutil df -a; "
             "echo == host; export HOST_PROC=%s/hostproc; %s/psutil netstat -tlnp; "
             "%s/psutil ps -e -o pid= -o comm=; %s/psutil df -a' 2>&1",
             dir, dir, dir, dir, script, dir, dir, dir, build_dir(), build_dir(), build_dir(), dir,
             build_dir(), build_dir(), build_dir());
    int st = run(cmd, &out);
    kill(host_pid, SIGKILL);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK_MSG(st == 0, "exit %d:\n%s", st, out);
    char *own = strstr(out, "== own "), *host = strstr(out, "== host");
    CHECK_MSG(own && host && own < host, "%s", out);
    int ns_port = atoi(own + 7);
    *host = '\0';
    char want[128];
    /* Its own: its listener, owned by a process it can see; not the host's; its pid 1;
     * its tmpfs. */
    snprintf(want, sizeof(want), "127.0.0.1:%d ", ns_port);
    CHECK_MSG(ns_port > 0 && strstr(own, want), "own view lacks %s:\n%s", want, own);
    snprintf(want, sizeof(want), "127.0.0.1:%d ", host_port);
    CHECK_MSG(!strstr(own, want), "own view shows the host's %s:\n%s", want, own);
    CHECK_MSG(strstr(own, "\n    1 sh\n") || strstr(own, "\n      1 sh\n"), "%s", own);
    snprintf(want, sizeof(want), "%s/nsonly\n", dir);
    CHECK_MSG(strstr(own, want), "own mounts lack %s:\n%s", want, own);
    /* The host's through the moved root: its listener with its owner's host pid, the
     * host's processes, the host's mounts (its init's), none of the namespace's. */
    char *h = host + 1;
    snprintf(want, sizeof(want), "127.0.0.1:%d ", host_port);
    CHECK_MSG(strstr(h, want), "host view lacks %s:\n%s", want, h);
    snprintf(want, sizeof(want), " %d/python3", host_pid);
    CHECK_MSG(strstr(h, want), "host view lacks the owner%s:\n%s", want, h);
    snprintf(want, sizeof(want), "127.0.0.1:%d ", ns_port);
    CHECK_MSG(!strstr(h, want), "host view shows the namespace's %s:\n%s", want, h);
    snprintf(want, sizeof(want), "\n%d python3\n", host_pid);
    char *trimmed = strstr(h, want);
    if (!trimmed) { /* ps pads pids to the pid width */
        snprintf(want, sizeof(want), " %d python3\n", host_pid);
        trimmed = strstr(h, want);
    }
    CHECK_MSG(trimmed, "host processes lack %d:\n%s", host_pid, h);
    snprintf(want, sizeof(want), "%s/nsonly\n", dir);
    CHECK_MSG(!strstr(h, want), "host mounts show the namespace's %s:\n%s", want, h);
    free(out);
    run(cmd, NULL);
}

/* --- every cgroup (cgtop) ------------------------------------------------------------ */

TEST(cgroup_stats_list_every_cgroup_of_a_v2_tree_with_its_figures)
{
    psutil_cgroup_stat_t *s;
    size_t n;
    use_roots("cgroup-v2/proc", "cgroup-v2/sys", NULL);
    CHECK_OK(psutil_cgroup_stats(&s, &n));
    CHECK_EQ_U64(n, 4);
    CHECK(strcmp(s[0].path, "/") == 0 && strcmp(s[1].path, "/kubepods") == 0 &&
          strcmp(s[2].path, "/kubepods/pod1") == 0 && strcmp(s[3].path, "/kubepods/pod1/ctr") == 0);
    /* The root: 3 tasks, 9 s of CPU, I/O summed over two devices, no memory.current. */
    CHECK(s[0].have == (PSUTIL_CGS_TASKS | PSUTIL_CGS_CPU | PSUTIL_CGS_IO));
    CHECK_EQ_U64(s[0].tasks, 3);
    CHECK_EQ_U64(s[0].cpu_usage, 9000000000ull);
    CHECK_EQ_U64(s[0].io_read_bytes, 31000);
    CHECK_EQ_U64(s[0].io_write_bytes, 42000);
    CHECK(s[1].have == (PSUTIL_CGS_TASKS | PSUTIL_CGS_CPU | PSUTIL_CGS_MEMORY)); /* no io.stat */
    CHECK_EQ_U64(s[1].cpu_usage, 7000000000ull);
    CHECK_EQ_U64(s[1].memory_current, 900000000);
    CHECK_EQ_U64(s[2].io_read_bytes, 500);
    CHECK_EQ_U64(s[2].io_write_bytes, 600);
    CHECK_EQ_U64(s[3].tasks, 2);
    CHECK_EQ_U64(s[3].cpu_usage, 4500000000ull);
    CHECK_EQ_U64(s[3].memory_current, 123456789);
    CHECK_EQ_U64(s[3].io_write_bytes, 512);
    psutil_free(s);
}

/* Live, v1: a cgroup made for the test with a spinning child in it; the library's figures
 * for it are the files' (bracketed by reads around the call), cgtop --json shows it busy,
 * and its memory is systemd-cgtop's (the peer) within 1 MiB. */
TEST(live_cgtop_shows_a_busy_cgroup_as_its_files_and_systemd_cgtop_say)
{
    if (geteuid() != 0)
        harness_skip("making cgroups needs root");
    if (access("/sys/fs/cgroup/cpuacct/cpuacct.usage", R_OK) != 0 ||
        access("/sys/fs/cgroup/memory/memory.usage_in_bytes", R_OK) != 0)
        harness_skip("no cgroup v1 cpuacct and memory hierarchies (a cgroup v2 machine: the "
                     "fixture test covers v2)");
    char parent[256], path[512], cmd[2048], *out;
    const char *acct = make_cg("cpuacct", parent, sizeof(parent));
    const char *mem = make_cg("memory", parent, sizeof(parent));
    /* The child waits until it is in the cgroups, then touches 8 MiB (charged to the
     * memory cgroup it is in by then) and spins. */
    int go[2];
    CHECK(pipe(go) == 0);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        char x;
        close(go[1]);
        if (read(go[0], &x, 1) != 1)
            _exit(1);
        volatile char *m = malloc(8 * MiB); /* volatile: the stores must happen */
        for (size_t i = 0; m && i < 8 * MiB; i += 4096)
            m[i] = 1;
        for (volatile unsigned long i = 0;; i++)
            ;
    }
    close(go[0]);
    char pidtxt[32];
    snprintf(pidtxt, sizeof(pidtxt), "%d", (int)child);
    snprintf(path, sizeof(path), "%s/cgroup.procs", acct);
    write_str(path, pidtxt);
    snprintf(path, sizeof(path), "%s/cgroup.procs", mem);
    write_str(path, pidtxt);
    CHECK(write(go[1], "g", 1) == 1);
    close(go[1]);
    usleep(300000);

    const char *rel = acct + strlen("/sys/fs/cgroup/cpuacct");
    snprintf(path, sizeof(path), "%s/cpuacct.usage", acct);
    uint64_t cpu0 = read_u64(path);
    psutil_cgroup_stat_t *s;
    size_t n;
    int rc = psutil_cgroup_stats(&s, &n);
    uint64_t cpu1 = read_u64(path);
    const psutil_cgroup_stat_t *mine = NULL;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (strcmp(s[i].path, rel) == 0)
            mine = &s[i];
    snprintf(cmd, sizeof(cmd),
             "%s/psutil cgtop -b -n 1 -d 0.5 --depth 9 --json; "
             "timeout 10 systemd-cgtop -b -n 1 --raw --depth 9 2>/dev/null | grep '^%s '; true",
             build_dir(), rel);
    int st = run(cmd, &out);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    remove_cgs();
    CHECK_OK(rc);
    CHECK_MSG(mine != NULL, "%s not listed", rel);
    CHECK(mine->have & PSUTIL_CGS_CPU);
    CHECK_MSG(mine->cpu_usage >= cpu0 && mine->cpu_usage <= cpu1, "cpu %llu outside %llu..%llu",
              (unsigned long long)mine->cpu_usage, (unsigned long long)cpu0,
              (unsigned long long)cpu1);
    CHECK(cpu0 > 0);
    CHECK(mine->have & PSUTIL_CGS_MEMORY);
    CHECK_MSG(mine->memory_current >= 8 * MiB, "memory %llu",
              (unsigned long long)mine->memory_current);
    psutil_free(s);
    CHECK_MSG(st == 0, "%s", out);
    /* cgtop: the cgroup, one task (from the memory hierarchy: no pids cgroup here), busy
     * (a spinning child on a loaded machine: more than 10% of a CPU). */
    char want[600];
    snprintf(want, sizeof(want), "\"path\":\"%s\",\"tasks\":1,\"cpu_percent\":", rel);
    char *at = strstr(out, want);
    CHECK_MSG(at, "no %s in:\n%s", want, out);
    double pct = atof(at + strlen(want));
    CHECK_MSG(pct > 10 && pct <= 105, "a spinning child at %.1f%% CPU", pct);
    /* systemd-cgtop's memory for it (raw bytes, the fourth column) against ours. */
    snprintf(want, sizeof(want), "\n%s ", rel);
    char *peer = strstr(out, want);
    if (peer) {
        char pth[300], tasks[32], cpu[32];
        unsigned long long pm = 0;
        CHECK(sscanf(peer + 1, "%299s %31s %31s %llu", pth, tasks, cpu, &pm) == 4);
        snprintf(want, sizeof(want), "\"path\":\"%s\",\"tasks\":1,\"cpu_percent\":", rel);
        char *m = strstr(strstr(out, want), "\"memory\":");
        CHECK(m != NULL);
        unsigned long long ours = strtoull(m + 9, NULL, 10);
        CHECK_MSG(ours + MiB >= pm && pm + MiB >= ours, "memory %llu, systemd-cgtop %llu", ours,
                  pm);
    } else {
        NEED(run("command -v systemd-cgtop >/dev/null", NULL) != 0,
             "systemd-cgtop is installed but did not list %s:\n%s", rel, out);
    }
    free(out);
}

/* A unified hierarchy without the memory, cpuset and io controllers enabled (and no v1
 * hierarchy for them): those figures are absent, not zero, and the rest is read. */
TEST(cgroup_v2_with_missing_controllers_reads_what_is_there)
{
    psutil_cgroup_limits_t l;
    use_roots("cgroup-v2-partial/proc", "cgroup-v2-partial/sys", NULL);
    CHECK_OK(psutil_cgroup_limits(&l));
    CHECK(l.version == 2);
    CHECK(l.have == (PSUTIL_CG_CPU | PSUTIL_CG_PIDS));
    CHECK_NEAR(l.cpu_quota, 1.2, 1e-12);
    CHECK_EQ_U64(l.memory_max, PSUTIL_UNLIMITED);
    CHECK_EQ_U64(l.memory_current, 0);
    CHECK(l.cpuset_cpus == 0);
    CHECK_EQ_U64(l.pids_max, 500);
    psutil_cgroup_stat_t *s;
    size_t n;
    CHECK_OK(psutil_cgroup_stats(&s, &n));
    CHECK_EQ_U64(n, 4);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(!(s[i].have & (PSUTIL_CGS_MEMORY | PSUTIL_CGS_IO)), "%s", s[i].path);
    CHECK(s[3].have & PSUTIL_CGS_CPU);
    psutil_free(s);
}

/* Live cgroup v2, where the machine has controllers in it (pure v2, or a hybrid whose
 * unified hierarchy has them): a child cgroup with cpu.max and memory.max binds a child
 * process as the files say. */
TEST(live_v2_cgroup_binds_a_child_as_its_files_say)
{
    const char *top = NULL;
    char *out;
    if (run("grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null", NULL) == 0)
        top = "/sys/fs/cgroup";
    else if (run("grep -qw memory /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null", NULL) ==
             0)
        top = "/sys/fs/cgroup/unified";
    if (!top)
        harness_skip("no cgroup v2 hierarchy with the memory controller on this machine (cgroup "
                     "v1 controllers with an empty unified hierarchy: the v1 tests run instead)");
    if (geteuid() != 0)
        harness_skip("making cgroups needs root");
    char dir[512], path[600], cmd[1200];
    snprintf(dir, sizeof(dir), "%s/psutil-test-%d", top, (int)getpid());
    CHECK(mkdir(dir, 0755) == 0 || errno == EEXIST);
    snprintf(path, sizeof(path), "%s/cgroup.subtree_control", top);
    write_str(path, "+cpu +memory");
    snprintf(path, sizeof(path), "%s/cpu.max", dir);
    write_str(path, "25000 100000");
    snprintf(path, sizeof(path), "%s/memory.max", dir);
    write_str(path, "201326592");
    snprintf(
        cmd, sizeof(cmd),
        "sh -c 'echo $$ > %s/cgroup.procs && exec sleep 5' </dev/null >/dev/null 2>&1 & echo $!",
        dir);
    CHECK(run(cmd, &out) == 0);
    psutil_pid_t child = (psutil_pid_t)atoi(out);
    free(out);
    usleep(200000);
    psutil_proc_t *p;
    psutil_cgroup_limits_t l;
    int rc = psutil_proc_open(child, &p);
    if (rc == 0) {
        rc = psutil_proc_cgroup_limits(p, &l);
        psutil_proc_close(p);
    }
    kill(child, SIGKILL);
    usleep(100000);
    rmdir(dir);
    CHECK_OK(rc);
    CHECK(l.version == 2);
    CHECK_NEAR(l.cpu_quota, 0.25, 1e-12);
    CHECK_EQ_U64(l.memory_max, 201326592);
}
