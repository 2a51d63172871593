package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;

/**
 * Builds the balancer of one cluster for one worker. Called again whenever the host set
 * changes (config reload, DNS, health); expensive shared structures are built by the factory
 * once per host set and shared by the per-worker instances.
 */
public interface LoadBalancerFactory {

    LoadBalancer create(List<UpstreamHost> hosts);
}
