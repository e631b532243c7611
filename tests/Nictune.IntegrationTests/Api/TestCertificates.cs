using Nictune.Testing;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Certificates made by the test with openssl: a CA, the agent's certificate (localhost, 127.0.0.1), an operator's
/// client certificate (CN=nictune-ops) and another (CN=intruder) from the same CA, and a client certificate with the
/// operator's subject from a foreign CA. P-256 keys, valid for a day. Dispose deletes them.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Operator = "CN=nictune-ops";
    public const string Intruder = "CN=intruder";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-tls-");

    public TestCertificates()
    {
        Prerequisite.RequireTool("openssl");
        try
        {
            Authority("ca", "nictune test CA");
            Authority("foreign-ca", "someone else's CA");
            Leaf("agent", "ca", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
            Leaf("ops", "ca", "/" + Operator, "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
            Leaf("intruder", "ca", "/" + Intruder, "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
            Leaf("foreign", "foreign-ca", "/" + Operator, "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Ca => PathOf("ca.crt");

    public string AgentCertificate => PathOf("agent.crt");

    public string AgentKey => PathOf("agent.key");

    /// <summary>cert, key for the client <paramref name="name"/> (ops, intruder, foreign).</summary>
    public (string Certificate, string Key) Client(string name) => (PathOf(name + ".crt"), PathOf(name + ".key"));

    /// <summary>
    /// Issues one more client certificate, <paramref name="name"/>, from <paramref name="ca"/> ("ca" or "foreign-ca"),
    /// with the openssl x509v3 <paramref name="extensions"/> lines given.
    /// </summary>
    public void Issue(string name, string ca, string subject, string extensions) => Leaf(name, ca, subject, extensions);

    /// <summary>The agent.yaml lines (indented for the api: section) for a mutual-TLS listener on <paramref name="endpoint"/>.</summary>
    public string ApiYaml(string endpoint, params string[] allow) =>
        $"  listen: [\"{endpoint}\"]\n  tls:\n    certificate: {AgentCertificate}\n    key: {AgentKey}\n    client-ca: {Ca}\n  allow: [{string.Join(", ", allow.Select(a => $"\"{a}\""))}]";

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Join(_dir.FullName, name);

    private void Authority(string name, string commonName) =>
        Tools.Check("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", PathOf(name + ".key"), "-out", PathOf(name + ".crt"), "-days", "1", "-subj", "/CN=" + commonName);

    private void Leaf(string name, string ca, string subject, string extensions)
    {
        File.WriteAllText(PathOf(name + ".ext"), extensions);
        Tools.Check("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", PathOf(name + ".key"), "-out", PathOf(name + ".csr"), "-subj", subject);
        Tools.Check("openssl", "x509", "-req", "-in", PathOf(name + ".csr"), "-CA", PathOf(ca + ".crt"), "-CAkey", PathOf(ca + ".key"), "-CAcreateserial", "-out", PathOf(name + ".crt"), "-days", "1", "-extfile", PathOf(name + ".ext"));
    }
}
