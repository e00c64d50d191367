// One retry policy for activities and sub-orchestrations: Durable keeps only the final attempt's result.
import * as df from "durable-functions";

export const activityRetry = new df.RetryOptions(5_000, 4);
activityRetry.backoffCoefficient = 2;
activityRetry.maxRetryIntervalInMilliseconds = 60_000;
