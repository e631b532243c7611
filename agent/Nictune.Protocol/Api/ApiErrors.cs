using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Nictune.Core.Profiles;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// Builds the statuses the API returns: a gRPC status code and message, plus a google.rpc.Status in the
/// <c>grpc-status-details-bin</c> trailer carrying <see cref="Problems"/> (each problem with file, line, column and
/// field) and, for INVALID_ARGUMENT, a google.rpc.BadRequest that generic tools (grpcurl) know how to print.
/// What a status carries is bounded whatever the request: messages quote a client's strings only as a short prefix
/// (<c>SettingValueText.Truncate</c>, where they are written), and here the problems are cut to what fits in
/// <see cref="ProblemBudget"/> and the message to <see cref="MaxMessageLength"/>.
/// </summary>
public static class ApiErrors
{
    /// <summary>What a pushed document is called in problems (it has no file).</summary>
    public const string PushedDocument = "<pushed>";

    /// <summary>Most problems a status lists; the message says how many there were in all.</summary>
    public const int MaxProblems = 20;

    /// <summary>
    /// Most characters of problem text (fields and messages) a status carries. The problems travel twice in the
    /// trailers (nictune.v1.Problems and google.rpc.BadRequest, base64 in grpc-status-details-bin) beside the
    /// message, and clients bound what they receive: grpcio's default limit on metadata is 8 KiB, past which the
    /// client sees RESOURCE_EXHAUSTED instead of the status.
    /// </summary>
    public const int ProblemBudget = 2000;

    /// <summary>Longest message of one problem sent.</summary>
    public const int MaxProblemLength = 200;

    /// <summary>Longest status message (grpc-message) sent.</summary>
    public const int MaxMessageLength = 1024;

    public static RpcException InvalidProfile(ProfileException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errors = exception.Errors;
        if (errors.Count == 0)
        {
            return Build(Grpc.Core.StatusCode.InvalidArgument, $"the profile is invalid:\n{exception.Message}", [new Problem { Message = exception.Message }]);
        }

        var problems = Fit([.. errors.Take(MaxProblems).Select(ToProblem)]);
        var summary = errors.Count == 1 ? "the profile is invalid"
            : errors.Count > problems.Count ? $"the profile has {errors.Count} problems; the first {problems.Count}"
            : $"the profile has {errors.Count} problems";
        var message = new StringBuilder(summary).Append(':');
        foreach (var line in errors.Take(problems.Count).Select(e => e.ToString()))
        {
            // Whole lines only; the problems in the details are the full list.
            if (message.Length + 1 + line.Length > MaxMessageLength)
            {
                break;
            }

            message.Append('\n').Append(line);
        }

        return Build(Grpc.Core.StatusCode.InvalidArgument, message.ToString(), problems);
    }

    /// <summary>An unexpected failure: INTERNAL, naming only the id under which the agent logged it.</summary>
    public static RpcException Internal(string correlationId) =>
        new(new Grpc.Core.Status(Grpc.Core.StatusCode.Internal, $"internal error in the agent; its log has the details under correlation id {correlationId}"));

    /// <summary>A short random id that ties an INTERNAL status to its log line.</summary>
    public static string NewCorrelationId() => RandomNumberGenerator.GetHexString(8, lowercase: true);

    public static RpcException From(ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Build(exception.Code, exception.Message, exception.Problems);
    }

    public static Problem ToProblem(ProfileError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Problem
        {
            File = error.File,
            Line = (uint)Math.Max(error.Line, 0),
            Column = (uint)Math.Max(error.Column, 0),
            Field = error.ShownField,
            Message = Cut(error.Message, MaxProblemLength),
        };
    }

    /// <summary>The problems carried by a failed call's google.rpc.Status, or none (for clients: the CLI).</summary>
    public static IReadOnlyList<Problem> ProblemsOf(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.GetRpcStatus()?.GetDetail<Problems>()?.Problems_ is { } problems ? [.. problems] : [];
    }

    private static RpcException Build(Grpc.Core.StatusCode code, string message, IReadOnlyList<Problem> problems)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = Cut(message, MaxMessageLength) };
        problems = Fit(problems);
        if (problems.Count > 0)
        {
            var list = new Problems();
            list.Problems_.AddRange(problems);
            status.Details.Add(Any.Pack(list));
            if (code == Grpc.Core.StatusCode.InvalidArgument)
            {
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(problems.Select(p => new BadRequest.Types.FieldViolation
                {
                    Field = p.Line > 0 ? $"{p.Line}:{p.Column}: {p.Field}" : p.Field,
                    Description = p.Message,
                }));
                status.Details.Add(Any.Pack(badRequest));
            }
        }

        return status.ToRpcException();
    }

    /// <summary>The first problems (at least one, at most <see cref="MaxProblems"/>) whose text fits <see cref="ProblemBudget"/>.</summary>
    private static List<Problem> Fit(IReadOnlyList<Problem> problems)
    {
        var fit = new List<Problem>();
        var left = ProblemBudget;
        foreach (var problem in problems.Take(MaxProblems))
        {
            var size = problem.Field.Length + problem.Message.Length;
            if (fit.Count > 0 && size > left)
            {
                break;
            }

            left -= size;
            fit.Add(problem);
        }

        return fit;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
