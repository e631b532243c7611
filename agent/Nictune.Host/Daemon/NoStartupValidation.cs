using Microsoft.Extensions.Options;

namespace Nictune.Host.Daemon;

/// <summary>
/// The host's start-up validation of options (<c>ValidateOnStart</c>), with nothing to validate: no options of the
/// daemon ask for it (agent.yaml is validated when it is loaded, before the host is built). Registered in place of the
/// default validator, which builds an options pipeline of its own on the path to READY=1 only to find no validations.
/// </summary>
internal sealed class NoStartupValidation : IStartupValidator
{
    public void Validate()
    {
    }
}
