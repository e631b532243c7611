using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// Debian's ansible-core driving a <see cref="FleetAgents"/> fleet: the collection from packaging/ansible copied
/// under <c>ansible_collections/nictune/agent</c>, an inventory of one host per agent with the local connection and
/// the agent's socket as a host variable, and <c>forks = 25</c> in an ansible.cfg of its own.
/// </summary>
internal sealed class AnsibleController
{
    public const int Forks = 25;

    private readonly FleetAgents _fleet;
    private readonly string _dir;

    public AnsibleController(FleetAgents fleet)
    {
        Prerequisite.RequireTool("ansible-playbook");
        Prerequisite.Require(File.Exists("/usr/bin/python3"), "Debian's /usr/bin/python3 for the modules");
        _fleet = fleet;
        _dir = Path.Join(fleet.Root, "ansible");
        AnsibleCollection.Install(Path.Join(_dir, "collections"));
        File.WriteAllText(Path.Join(_dir, "ansible.cfg"), $"""
            [defaults]
            forks = {Forks}
            collections_path = {Path.Join(_dir, "collections")}
            stdout_callback = oneline
            host_key_checking = False
            retry_files_enabled = False
            local_tmp = {Path.Join(_dir, "tmp")}
            remote_tmp = {Path.Join(_dir, "tmp")}
            interpreter_python = /usr/bin/python3
            [connection]
            pipelining = True
            """);
        File.WriteAllText(Path.Join(_dir, "push.yml"), """
            - name: Push the fleet's profile
              hosts: fleet
              gather_facts: false
              tasks:
                - name: Push and apply
                  nictune.agent.nictune_profile:
                    content: "{{ lookup('file', profile_file) }}"
                    apply: true
                    expected_generation: "{{ expected_generation | default(0) }}"
                    target: "{{ nictune_target }}"
                    nictune_path: "{{ nictune_bin }}"
            """);
    }

    /// <summary>Writes an inventory of every agent; <paramref name="hostVariables"/> adds variables to one host.</summary>
    public string Inventory(string name, Func<int, string>? hostVariables = null)
    {
        var text = new StringBuilder("[fleet]\n");
        for (var i = 0; i < _fleet.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{FleetAgents.HostName(i)} nictune_target={_fleet.Target(i)} {hostVariables?.Invoke(i)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"[fleet:vars]\nansible_connection=local\nnictune_bin={NictuneBinary.Path}\n");
        var path = Path.Join(_dir, name + ".ini");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>
    /// Writes an inventory for the shipped rollout playbook: the first <paramref name="canaries"/> agents in
    /// <c>nictune_canary</c>, every agent in <c>nictune_fleet</c>, each with its socket; <paramref name="hostVariables"/>
    /// adds variables to one host.
    /// </summary>
    public string RolloutInventory(string name, int canaries, Func<int, string>? hostVariables = null)
    {
        var text = new StringBuilder("[nictune_canary]\n");
        for (var i = 0; i < canaries; i++)
        {
            text.Append(FleetAgents.HostName(i)).Append('\n');
        }

        text.Append("[nictune_fleet]\n");
        for (var i = 0; i < _fleet.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{FleetAgents.HostName(i)} nictune_target={_fleet.Target(i)} {hostVariables?.Invoke(i)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"[all:vars]\nansible_connection=local\nnictune_bin={NictuneBinary.Path}\n");
        var path = Path.Join(_dir, name + ".ini");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Runs the collection's shipped playbook <c>nictune.agent.rollout</c> with the profile file.</summary>
    public AnsibleRun Rollout(string inventory, string profileFile) =>
        Playbook(inventory, "nictune.agent.rollout", ["-e", "nictune_profile_file=" + profileFile]);

    public string WriteProfile(string name, string yaml)
    {
        var path = Path.Join(_dir, name + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>Runs push.yml with the profile file; extra arguments (--check, --diff) go to ansible-playbook.</summary>
    public AnsibleRun Push(string inventory, string profileFile, params string[] extra) =>
        Playbook(inventory, Path.Join(_dir, "push.yml"), ["-e", "profile_file=" + profileFile, .. extra]);

    private AnsibleRun Playbook(string inventory, string playbook, string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        var result = Tools.Run(
            "ansible-playbook",
            ["-i", inventory, playbook, .. arguments],
            stdin: null,
            new Dictionary<string, string?> { ["ANSIBLE_CONFIG"] = Path.Join(_dir, "ansible.cfg"), ["ANSIBLE_NOCOLOR"] = "1" },
            TimeSpan.FromSeconds(300));
        return new AnsibleRun(result.ExitCode, result.Stdout, result.Stderr, clock.Elapsed);
    }

}
