using System.Globalization;
using Nictune.IntegrationTests.Daemon;
using Xunit;
using static Nictune.IntegrationTests.Api.ApiAgentTests;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// The TCP listener with mutual TLS, on the loopback of the test's own namespace, with certificates the test made:
/// python3-grpcio and the nictune CLI as clients. Reads for any client of the CA, mutations only for subjects in
/// <c>api.allow</c>, and a client of a foreign CA refused in the handshake.
/// </summary>
public sealed class ApiTlsTests
{
    private static readonly TimeSpan Boot = Poll.Boot;

    [Fact]
    public void Mutual_tls_admits_the_ca_s_clients_lets_only_allowed_subjects_mutate_and_refuses_a_foreign_ca()
    {
        PythonGrpc.Require();
        using var certs = new TestCertificates();
        using var ns = new DaemonNamespace();
        var endpoint = "127.0.0.1:" + (50000 + Random.Shared.Next(10000)).ToString(CultureInfo.InvariantCulture);
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h", api: certs.ApiYaml(endpoint, TestCertificates.Operator))));
        ns.Notify.WaitFor("READY=1", Boot);
        agent.WaitForLine("API listening on https://" + endpoint, Boot);

        var ops = Tls(ns, certs, "ops", endpoint, "GetStatus");
        Assert.Equal(DaemonNamespace.ProfileName, Ok(ops).GetProperty("active_profile").GetProperty("name").GetString());
        Assert.Contains(Ok(Tls(ns, certs, "ops", endpoint, "ListInterfaces")).GetProperty("interfaces").EnumerateArray(), i => i.GetProperty("name").GetString() == "vt0");
        var before = ns.Snapshot();

        // Same CA, subject not in api.allow: it may read, not apply.
        Assert.Equal("OK", Tls(ns, certs, "intruder", endpoint, "GetStatus").Code);
        var denied = Tls(ns, certs, "intruder", endpoint, "ApplyProfile", """{"name": "e2e"}""");
        Assert.Equal("PERMISSION_DENIED", denied.Code);
        Assert.Contains(TestCertificates.Intruder, denied.Details, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());

        // A certificate from another CA, even with the allowed subject: no connection at all.
        Assert.Equal("UNAVAILABLE", Tls(ns, certs, "foreign", endpoint, "GetStatus").Code);

        // Plaintext to the TLS port: no connection either.
        var plain = PythonGrpc.Run(["--target", endpoint, "--timeout", "10", "call", "GetStatus"], netns: ns.Namespace.Name);
        Assert.Equal("UNAVAILABLE", plain.Code);

        // The allowed subject mutates; the kernel shows it.
        var document = System.Text.Json.JsonSerializer.Serialize(ApiProfiles.Pushed);
        var pushed = Tls(ns, certs, "ops", endpoint, "PutProfile", $$"""{"document": {{document}}, "apply": true}""");
        Assert.Equal("OUTCOME_SUCCEEDED", Ok(pushed).GetProperty("transaction").GetProperty("outcome").GetString());
        Assert.Equal("7000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
        Assert.Contains($"API /nictune.v1.Agent/PutProfile by subject=\"{TestCertificates.Operator}\"", agent.Output, StringComparison.Ordinal);

        // The CLI as a TLS client: status works; the foreign certificate is one clear line and exit 2.
        var (cert, key) = certs.Client("ops");
        var status = ns.Nictune("status", "--target", "https://" + endpoint, "--cert", cert, "--key", key, "--ca", certs.Ca);
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        Assert.Contains("profile:   pushed-e2e (pushed, generation 1)", status.Stdout, StringComparison.Ordinal);
        var (foreignCert, foreignKey) = certs.Client("foreign");
        var refused = ns.Nictune("status", "--target", "https://" + endpoint, "--cert", foreignCert, "--key", foreignKey, "--ca", certs.Ca);
        Assert.Equal(2, refused.ExitCode);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.StartsWith("nictune: ", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_s_issuer_url_is_never_fetched_and_a_server_only_certificate_is_refused()
    {
        PythonGrpc.Require();
        using var certs = new TestCertificates();
        using var ns = new DaemonNamespace();
        var endpoint = "127.0.0.1:" + (50000 + Random.Shared.Next(10000)).ToString(CultureInfo.InvariantCulture);
        var issuerPort = 40000 + Random.Shared.Next(10000);
        var issuerUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{issuerPort}");

        // An attacker's certificate: another CA, whose issuer (AIA caIssuers) and OCSP URLs point at a listener on the
        // agent's own loopback; and one from the right CA with the allowed subject, marked for TLS servers only.
        certs.Issue("aia", "foreign-ca", "/" + TestCertificates.Operator, $"extendedKeyUsage=clientAuth\nauthorityInfoAccess=caIssuers;URI:{issuerUrl}/ca.crt,OCSP;URI:{issuerUrl}/ocsp\nbasicConstraints=CA:FALSE\n");
        certs.Issue("server-only", "ca", "/" + TestCertificates.Operator, "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h", api: certs.ApiYaml(endpoint, TestCertificates.Operator))));
        ns.Notify.WaitFor("READY=1", Boot);
        agent.WaitForLine("API listening on https://" + endpoint, Boot);

        // The listener counts every connection made to it while the handshakes run (the agent would fetch the issuer
        // before it has authenticated anything).
        var listener = Task.Run(() => PythonGrpc.Run(["count-connections", issuerPort.ToString(CultureInfo.InvariantCulture), "20"], netns: ns.Namespace.Name, script: PythonGrpc.FloodScript, timeout: TimeSpan.FromMinutes(2)));
        Assert.True(
            Poll.Until(() => ns.Namespace.Exec("ss", "-Hltn", "sport = :" + issuerPort.ToString(CultureInfo.InvariantCulture)).Stdout.Contains("LISTEN", StringComparison.Ordinal), Boot),
            "the issuer URL's listener did not start");
        Assert.Equal("UNAVAILABLE", Tls(ns, certs, "aia", endpoint, "GetStatus").Code);
        Assert.Equal("UNAVAILABLE", Tls(ns, certs, "aia", endpoint, "GetStatus").Code);
        Assert.Equal(0, (await listener).Response.GetProperty("connections").GetInt32());

        // The server-only certificate may not mutate, though its subject is allowed.
        var before = ns.Snapshot();
        var document = System.Text.Json.JsonSerializer.Serialize(ApiProfiles.Pushed);
        var pushed = Tls(ns, certs, "server-only", endpoint, "PutProfile", $$"""{"document": {{document}}, "apply": true}""");
        Assert.True(pushed.Code is "UNAVAILABLE" or "PERMISSION_DENIED", pushed.Raw);
        Assert.Equal(before, ns.Snapshot());
    }

    private static PythonResult Tls(DaemonNamespace ns, TestCertificates certs, string client, string endpoint, string method, string json = "{}")
    {
        var (cert, key) = certs.Client(client);
        return PythonGrpc.Run(["--target", endpoint, "--tls", cert, key, certs.Ca, "--timeout", "20", "call", method, json], netns: ns.Namespace.Name);
    }
}
