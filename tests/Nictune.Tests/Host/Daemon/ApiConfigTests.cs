using System.Net;
using Nictune.Host.Daemon.Configuration;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>The <c>api:</c> keys of agent.yaml: defaults, every bad value named with file, line and key, TLS required for TCP.</summary>
public sealed class ApiConfigTests
{
    [Fact]
    public void Without_an_api_section_the_socket_is_the_default_and_there_is_no_tcp_listener()
    {
        using var file = new ConfigFile("mode: enforce\n");

        var api = AgentConfigLoader.Load(file.Path).Api;

        Assert.Equal("/run/nictune/nictune.sock", api.Socket);
        Assert.Equal("nictune", api.SocketGroup);
        Assert.Empty(api.Listen);
        Assert.False(api.Insecure);
        Assert.Equal(1024, api.EventsBuffer);
    }

    [Fact]
    public void An_empty_socket_turns_the_socket_off_and_insecure_tcp_needs_no_certificates()
    {
        using var file = new ConfigFile("api:\n  socket: \"\"\n  listen: [\"127.0.0.1:50051\", \"[::1]:50052\"]\n  insecure: true\n  allow: [\"CN=ops\"]\n  events-buffer: 64\n");

        var api = AgentConfigLoader.Load(file.Path).Api;

        Assert.Null(api.Socket);
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:50051"), IPEndPoint.Parse("[::1]:50052")], api.Listen);
        Assert.True(api.Insecure);
        Assert.Contains("CN=ops", api.Allow);
        Assert.Equal(64, api.EventsBuffer);
    }

    [Theory]
    [InlineData("api:\n  listen: [\"0.0.0.0:50051\"]\n", ":2:3: api.listen: a TCP listener needs TLS: set api.tls.certificate, api.tls.key, api.tls.client-ca")]
    [InlineData("api:\n  listen: [\"localhost:50051\"]\n  insecure: true\n", ":2:12: api.listen[0]: 'localhost:50051' is not address:port")]
    [InlineData("api:\n  listen: [\"10.0.0.1\"]\n  insecure: true\n", ":2:12: api.listen[0]: '10.0.0.1' is not address:port")]
    [InlineData("api:\n  insecure: yes\n", ":2:3: api.insecure: 'yes' is not true or false")]
    [InlineData("api:\n  events-buffer: 0\n", ":2:3: api.events-buffer: '0' is not a number of events in 16..1048576")]
    [InlineData("api:\n  socket: relative.sock\n", ":2:3: api.socket: 'relative.sock' is not an absolute path")]
    [InlineData("api:\n  socket-group: \"bad group\"\n", ":2:3: api.socket-group: 'bad group' is not a group name")]
    [InlineData("api:\n  sockets: /run/x.sock\n", ":2:3: unknown key 'api.sockets' (known here: socket, socket-group, listen, tls, allow, insecure, events-buffer)")]
    [InlineData("api:\n  tls:\n    ca: /x\n", ":3:5: unknown key 'api.tls.ca' (known here: certificate, key, client-ca)")]
    public void A_bad_api_value_is_an_error_naming_file_line_and_key(string yaml, string expected)
    {
        using var file = new ConfigFile(yaml);

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.True(e.Message.Contains(file.Path + expected, StringComparison.Ordinal), $"expected '{expected}' in:\n{e.Message}");
    }

    [Fact]
    public void Tls_files_that_do_not_load_are_named()
    {
        using var file = new ConfigFile("api:\n  listen: [\"127.0.0.1:50051\"]\n  tls:\n    certificate: /nonexistent/agent.crt\n    key: /nonexistent/agent.key\n    client-ca: /nonexistent/ca.crt\n");

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.Contains("api.tls.certificate: cannot load '/nonexistent/agent.crt'", e.Message, StringComparison.Ordinal);
        Assert.Contains("api.tls.client-ca: cannot load '/nonexistent/ca.crt'", e.Message, StringComparison.Ordinal);
    }
}
