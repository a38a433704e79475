using MQTTnet;

namespace ParkingGate.Devices.Families;

/// <summary>
/// The service's subscriptions and the routing of what arrives on them, both from the families' declared topic
/// filters: a message goes to the family whose filter it matches (MQTTnet's topic-filter comparer), or nowhere.
/// </summary>
public sealed class MqttRouter
{
    private readonly (string Filter, IMqttDeviceFamily Family)[] _routes;
    private readonly string _estate;

    /// <summary>Routes for <paramref name="families"/> in estate <paramref name="estate"/>.</summary>
    public MqttRouter(IEnumerable<IMqttDeviceFamily> families, string estate)
    {
        ArgumentNullException.ThrowIfNull(families);
        _estate = estate;
        _routes = [.. families.SelectMany(f => f.Subscriptions(estate).Select(filter => (filter, f)))];
    }

    /// <summary>The topic filters to subscribe to.</summary>
    public IReadOnlyList<string> Filters => [.. _routes.Select(r => r.Filter).Distinct(StringComparer.Ordinal)];

    /// <summary>Hands the message to the family whose filter matches <paramref name="topic"/>; false when none does.</summary>
    public async ValueTask<bool> RouteAsync(string topic, byte[] payload, IDeviceSink sink)
    {
        foreach (var (filter, family) in _routes)
        {
            if (MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch)
            {
                await family.ReceiveAsync(topic, payload, _estate, sink);
                return true;
            }
        }

        return false;
    }
}
