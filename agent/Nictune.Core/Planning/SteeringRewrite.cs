namespace Nictune.Core.Planning;

/// <summary>
/// What a driver puts back to its own values when a planned write makes it reset the link or re-spread its queues
/// (docs/drivers.md §8): XPS and the IRQ affinity a profile sets always, RPS on a link reset, every IRQ of the device
/// on virtio_net's channel change.
/// </summary>
/// <param name="Cause">The write that causes it, for plan reasons ("the link reset", "the channel change").</param>
/// <param name="Effect">What the driver does then, for plan reasons.</param>
/// <param name="Rps">RPS masks and flow counts are rewritten.</param>
/// <param name="AllIrqs">Every IRQ of the device gets the driver's affinity, also those no profile row sets.</param>
public sealed record SteeringRewrite(string Cause, string Effect, bool Rps, bool AllIrqs);
