namespace Nictune.Core.Planning;

/// <summary>
/// What a driver puts back to its own values when a planned write makes it reset the link or re-spread its queues
/// (docs/drivers.md §8): XPS always, RPS on a link reset, the device's IRQ affinity on virtio_net's channel change.
/// </summary>
/// <param name="Cause">The write that causes it, for plan reasons ("the link reset", "the channel change").</param>
/// <param name="Effect">What the driver does then, for plan reasons.</param>
/// <param name="Rps">RPS masks and flow counts are rewritten.</param>
/// <param name="IrqAffinity">The device's IRQ affinity is rewritten.</param>
public sealed record SteeringRewrite(string Cause, string Effect, bool Rps, bool IrqAffinity);
