package dev.flywheel.features.serving;

import feast.proto.serving.ServingAPIProto.FeatureList;
import feast.proto.serving.ServingAPIProto.GetFeastServingInfoRequest;
import feast.proto.serving.ServingAPIProto.GetFeastServingInfoResponse;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesRequest;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesResponse;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesResponseMetadata;
import feast.proto.serving.ServingServiceGrpc;
import feast.proto.types.ValueProto.RepeatedValue;
import feast.proto.types.ValueProto.Value;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feast's {@code feast.serving.ServingService} over {@link OnlineFeatures}. As Feast's Java server answers: one
 * result column per requested reference, named as requested ({@code view:feature}), each with one value, status
 * and event time per entity row.
 */
public final class FeastServingService extends ServingServiceGrpc.ServingServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(FeastServingService.class);

    private final OnlineFeatures features;
    private final String version;

    /**
     * The service.
     *
     * @param features what it serves
     * @param version reported by {@code GetFeastServingInfo}
     */
    public FeastServingService(OnlineFeatures features, String version) {
        this.features = Objects.requireNonNull(features, "features");
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public void getFeastServingInfo(GetFeastServingInfoRequest request,
                                    StreamObserver<GetFeastServingInfoResponse> observer) {
        observer.onNext(GetFeastServingInfoResponse.newBuilder().setVersion(version).build());
        observer.onCompleted();
    }

    @Override
    public void getOnlineFeatures(GetOnlineFeaturesRequest request, StreamObserver<GetOnlineFeaturesResponse> observer) {
        GetOnlineFeaturesResponse response;
        try {
            response = answer(request);
        } catch (ServingException e) {
            if (e.kind() == ServingException.Kind.UNAVAILABLE || e.kind() == ServingException.Kind.INTERNAL) {
                LOG.warn("GetOnlineFeatures failed: {}", e.getMessage(), e);
            }
            observer.onError(statusOf(e).withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    private GetOnlineFeaturesResponse answer(GetOnlineFeaturesRequest request) {
        if (request.getKindCase() == GetOnlineFeaturesRequest.KindCase.FEATURE_SERVICE) {
            throw new ServingException(ServingException.Kind.UNIMPLEMENTED,
                    "feature services are not supported; request features as view:feature");
        }
        List<String> references = request.getFeatures().getValList();
        Map<String, List<Value>> entities = new LinkedHashMap<>();
        for (Map.Entry<String, RepeatedValue> entity : request.getEntitiesMap().entrySet()) {
            entities.put(entity.getKey(), entity.getValue().getValList());
        }
        List<FeatureColumn> columns = features.get(references, entities);
        GetOnlineFeaturesResponse.Builder response = GetOnlineFeaturesResponse.newBuilder()
                .setMetadata(GetOnlineFeaturesResponseMetadata.newBuilder()
                        .setFeatureNames(FeatureList.newBuilder().addAllVal(references)));
        for (FeatureColumn column : columns) {
            response.addResults(GetOnlineFeaturesResponse.FeatureVector.newBuilder()
                    .addAllValues(column.values())
                    .addAllStatuses(column.statuses())
                    .addAllEventTimestamps(column.eventTimes()));
        }
        return response.build();
    }

    /** The gRPC status of a serving failure. */
    static Status statusOf(ServingException e) {
        return switch (e.kind()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case UNIMPLEMENTED -> Status.UNIMPLEMENTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
        };
    }
}
