using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Protocol.Api;
using Nictune.Protocol.Api.V1;
using Nictune.Protocol.Metrics;
using Nictune.Tests.Host.Daemon;
using Nictune.Tests.Metrics;
using Xunit;

namespace Nictune.Tests.Host.Api;

/// <summary>
/// Issue 23: the interceptors decide on the method routing resolved, never on the path's spelling; the path gate
/// refuses every other spelling; errors on the wire carry only what the API defines, bounded.
/// </summary>
public sealed class ApiAccessTests
{
    private const string Put = "/nictune.v1.Agent/PutProfile";

    /// <summary>Spellings ASP.NET Core's routing matches to PutProfile.</summary>
    public static TheoryData<string> Spellings => new() { Put, "/nictune.v1.agent/putprofile", "/NICTUNE.V1.AGENT/PUTPROFILE", "/nictune.v1.Agent/PutProfile/" };

    private static readonly ApiAccessPolicy Policy = new("nictune", null, new HashSet<string>(StringComparer.Ordinal));

    private readonly NictuneMetrics _metrics = new(new FakeNicStatistics(), () => TuningSnapshot.Empty, new MetricsOptions(false, "test"));

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task A_mutation_is_refused_to_an_unidentified_caller_however_the_path_is_spelled_and_audited_once(string path)
    {
        var logger = new ListLogger<CallLogInterceptor>();
        var callLog = new CallLogInterceptor(logger, MethodAccess.Served);
        var authorization = new AuthorizationInterceptor(Policy, MethodAccess.Served);
        var ran = false;

        var refused = await Assert.ThrowsAsync<RpcException>(() => callLog.UnaryServerHandler(
            new ApplyProfileRequest { Name = new string('n', 1 << 20) },
            new FakeServerCallContext(Put, path: path),
            (request, context) => authorization.UnaryServerHandler<ApplyProfileRequest, Transaction>(request, context, (_, _) =>
            {
                ran = true;
                return Task.FromResult(new Transaction());
            })));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.False(ran);
        var line = Assert.Single(logger.Lines);
        Assert.StartsWith($"API {Put} by anonymous tcp: apply \"nnnn", line, StringComparison.Ordinal);
        Assert.Contains("→ PermissionDenied: ", line, StringComparison.Ordinal);
        Assert.True(line.Length < 300, line);
    }

    [Fact]
    public async Task Calls_are_counted_under_the_resolved_method_whatever_the_spelling()
    {
        var interceptor = new ApiCallMetricsInterceptor(_metrics.ApiCalls);
        foreach (var path in Spellings)
        {
            await interceptor.UnaryServerHandler("request", new FakeServerCallContext(Put, path: path), (_, _) => Task.FromResult("response"));
        }

        var text = Exposition.Scrape(_metrics);
        Assert.Equal(Spellings.Count, Exposition.Value(text, $"nictune_grpc_calls_total{{method=\"{Put}\",code=\"OK\"}}"));
        Assert.Single(text.Split('\n'), l => l.StartsWith("nictune_grpc_calls_total{", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Only_the_exact_path_of_the_resolved_method_passes_the_gate(string path)
    {
        var context = FakeServerCallContext.Resolved(Put);
        context.Request.Path = path;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = path;
        var passed = false;

        await ApiPathGate.Create(new ListLogger<ApiAccessTests>(), _metrics.ApiCalls)(_ =>
        {
            passed = true;
            return Task.CompletedTask;
        })(context);

        Assert.Equal(path == Put, passed);
        if (path != Put)
        {
            Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
            Assert.Equal(1, Exposition.Value(Exposition.Scrape(_metrics), "nictune_grpc_calls_total{method=\"unknown\",code=\"UNIMPLEMENTED\"}"));
        }
    }

    [Fact]
    public async Task A_request_routed_to_no_method_is_unimplemented_and_one_routed_nowhere_is_left_to_routing()
    {
        // grpc-dotnet's endpoint for an unknown method of a known service carries no method.
        var unknown = new DefaultHttpContext();
        unknown.Request.Path = "/nictune.v1.Agent/NoSuchMethod";
        unknown.SetEndpoint(new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "gRPC - Unimplemented method for nictune.v1.Agent"));
        var nowhere = new DefaultHttpContext();
        nowhere.Request.Path = "/metrics";
        var passed = new List<HttpContext>();
        var gate = ApiPathGate.Create(new ListLogger<ApiAccessTests>(), metrics: null)(context =>
        {
            passed.Add(context);
            return Task.CompletedTask;
        });

        await gate(unknown);
        await gate(nowhere);

        Assert.Equal(StatusCodes.Status404NotFound, unknown.Response.StatusCode);
        Assert.Same(nowhere, Assert.Single(passed));
    }

    /// <summary>Exceptions the API does not define, a bare InvalidOperationException (once FAILED_PRECONDITION) among them.</summary>
    public static TheoryData<string> Unexpected => new() { nameof(IOException), nameof(InvalidOperationException), nameof(JournalPendingException) };

    [Theory]
    [MemberData(nameof(Unexpected))]
    public async Task An_unexpected_exception_is_internal_with_a_correlation_id_and_nothing_of_its_message(string type)
    {
        var logger = new ListLogger<ErrorInterceptor>();
        const string Content = "root:$6$secret:19000:0:99999:7:::";
        Exception secret = type switch
        {
            nameof(IOException) => new IOException(Content),
            nameof(InvalidOperationException) => new InvalidOperationException(Content),
            _ => new JournalPendingException(Content),
        };

        var status = await Assert.ThrowsAsync<RpcException>(() => new ErrorInterceptor(logger).UnaryServerHandler<string, string>("request", new FakeServerCallContext("/nictune.v1.Agent/GetStatus"), (_, _) => throw secret));

        Assert.Equal(StatusCode.Internal, status.StatusCode);
        Assert.DoesNotContain("secret", status.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", status.Status.Detail, StringComparison.Ordinal);
        var id = status.Status.Detail.Split(' ')[^1];
        Assert.Matches("^[0-9a-f]{8}$", id);
        var line = Assert.Single(logger.Lines);
        Assert.Equal($"API /nictune.v1.Agent/GetStatus failed (correlation id {id})", line);
        Assert.Same(secret, Assert.Single(logger.Exceptions));
    }

    [Fact]
    public async Task The_api_s_own_failures_keep_their_code_and_message()
    {
        var logger = new ListLogger<ErrorInterceptor>();
        var interceptor = new ErrorInterceptor(logger);
        var context = new FakeServerCallContext("/nictune.v1.Agent/GetProfile");

        var notFound = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => throw new ApiException(StatusCode.NotFound, "no profile named \"x\"")));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => throw new ProfileException(new ProfileError("<pushed>", 2, 1, "name", "bad name"))));

        Assert.Equal((StatusCode.NotFound, "no profile named \"x\""), (notFound.StatusCode, notFound.Status.Detail));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("<pushed>:2:1: name: bad name", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(logger.Lines);
    }

    [Fact]
    public void An_invalid_profile_s_status_is_bounded_however_many_and_long_its_problems()
    {
        var huge = new string('k', 100_000);
        var errors = Enumerable.Range(0, 10_000).Select(i => new ProfileError("<pushed>", i + 1, 1, "sysctl." + huge, "unknown key " + huge)).ToList();

        var status = ApiErrors.InvalidProfile(new ProfileException(errors));

        var problems = ApiErrors.ProblemsOf(status);
        Assert.StartsWith($"the profile has 10000 problems; the first {problems.Count}:", status.Status.Detail, StringComparison.Ordinal);
        Assert.True(status.Status.Detail.Length <= ApiErrors.MaxMessageLength + 1, status.Status.Detail.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(problems.Count, 1, ApiErrors.MaxProblems);
        Assert.All(problems, p => Assert.True(p.Field.Length <= ProfileError.MaxFieldLength + 1 && p.Message.Length <= ApiErrors.MaxProblemLength + 1, p.ToString()));
        Assert.True(problems.Skip(1).Sum(p => p.Field.Length + p.Message.Length) <= ApiErrors.ProblemBudget);
    }
}
