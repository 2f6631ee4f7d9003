// Facts the editor completes values from, taken from botocore 1.43's data (botocore/data/endpoints.json
// for the regions; the service model folders and CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES of
// botocore/utils.py for the names a [services] section takes, as configprovider.py derives them).

// l10n-ignore-start: AWS's own names of its regions and services, as data
/** Every region botocore knows, with its name and partition. */
export const REGIONS: readonly { region: string; name: string; partition: string }[] = [
  { region: 'af-south-1', name: "Africa (Cape Town)", partition: 'aws' },
  { region: 'ap-east-1', name: "Asia Pacific (Hong Kong)", partition: 'aws' },
  { region: 'ap-east-2', name: "Asia Pacific (Taipei)", partition: 'aws' },
  { region: 'ap-northeast-1', name: "Asia Pacific (Tokyo)", partition: 'aws' },
  { region: 'ap-northeast-2', name: "Asia Pacific (Seoul)", partition: 'aws' },
  { region: 'ap-northeast-3', name: "Asia Pacific (Osaka)", partition: 'aws' },
  { region: 'ap-south-1', name: "Asia Pacific (Mumbai)", partition: 'aws' },
  { region: 'ap-south-2', name: "Asia Pacific (Hyderabad)", partition: 'aws' },
  { region: 'ap-southeast-1', name: "Asia Pacific (Singapore)", partition: 'aws' },
  { region: 'ap-southeast-2', name: "Asia Pacific (Sydney)", partition: 'aws' },
  { region: 'ap-southeast-3', name: "Asia Pacific (Jakarta)", partition: 'aws' },
  { region: 'ap-southeast-4', name: "Asia Pacific (Melbourne)", partition: 'aws' },
  { region: 'ap-southeast-5', name: "Asia Pacific (Malaysia)", partition: 'aws' },
  { region: 'ap-southeast-6', name: "Asia Pacific (New Zealand)", partition: 'aws' },
  { region: 'ap-southeast-7', name: "Asia Pacific (Thailand)", partition: 'aws' },
  { region: 'ca-central-1', name: "Canada (Central)", partition: 'aws' },
  { region: 'ca-west-1', name: "Canada West (Calgary)", partition: 'aws' },
  { region: 'eu-central-1', name: "Europe (Frankfurt)", partition: 'aws' },
  { region: 'eu-central-2', name: "Europe (Zurich)", partition: 'aws' },
  { region: 'eu-north-1', name: "Europe (Stockholm)", partition: 'aws' },
  { region: 'eu-south-1', name: "Europe (Milan)", partition: 'aws' },
  { region: 'eu-south-2', name: "Europe (Spain)", partition: 'aws' },
  { region: 'eu-west-1', name: "Europe (Ireland)", partition: 'aws' },
  { region: 'eu-west-2', name: "Europe (London)", partition: 'aws' },
  { region: 'eu-west-3', name: "Europe (Paris)", partition: 'aws' },
  { region: 'il-central-1', name: "Israel (Tel Aviv)", partition: 'aws' },
  { region: 'me-central-1', name: "Middle East (UAE)", partition: 'aws' },
  { region: 'me-south-1', name: "Middle East (Bahrain)", partition: 'aws' },
  { region: 'mx-central-1', name: "Mexico (Central)", partition: 'aws' },
  { region: 'sa-east-1', name: "South America (Sao Paulo)", partition: 'aws' },
  { region: 'us-east-1', name: "US East (N. Virginia)", partition: 'aws' },
  { region: 'us-east-2', name: "US East (Ohio)", partition: 'aws' },
  { region: 'us-west-1', name: "US West (N. California)", partition: 'aws' },
  { region: 'us-west-2', name: "US West (Oregon)", partition: 'aws' },
  { region: 'cn-north-1', name: "China (Beijing)", partition: 'aws-cn' },
  { region: 'cn-northwest-1', name: "China (Ningxia)", partition: 'aws-cn' },
  { region: 'us-gov-east-1', name: "AWS GovCloud (US-East)", partition: 'aws-us-gov' },
  { region: 'us-gov-west-1', name: "AWS GovCloud (US-West)", partition: 'aws-us-gov' },
  { region: 'us-iso-east-1', name: "US ISO East", partition: 'aws-iso' },
  { region: 'us-iso-west-1', name: "US ISO WEST", partition: 'aws-iso' },
  { region: 'us-isob-east-1', name: "US ISOB East (Ohio)", partition: 'aws-iso-b' },
  { region: 'us-isob-west-1', name: "US ISOB West", partition: 'aws-iso-b' },
  { region: 'eu-isoe-west-1', name: "EU ISOE West", partition: 'aws-iso-e' },
  { region: 'us-isof-east-1', name: "US ISOF EAST", partition: 'aws-iso-f' },
  { region: 'us-isof-south-1', name: "US ISOF SOUTH", partition: 'aws-iso-f' },
  { region: 'eusc-de-east-1', name: "AWS European Sovereign Cloud (Germany)", partition: 'aws-eusc' },
];

/** The keys a `[services NAME]` section takes, one per service: the service id in snake case (`s3`, `dynamodb`, `elastic_beanstalk`). */
export const SERVICE_KEYS: readonly string[] = (
  'accessanalyzer account acm acm_pca agent_registry agent_registry_control aiops amp amplify ' +
  'amplifybackend amplifyuibuilder api_gateway apigatewaymanagementapi apigatewayv2 app_mesh ' +
  'appconfig appconfigdata appfabric appflow appintegrations application_auto_scaling ' +
  'application_discovery_service application_insights application_signals ' +
  'applicationcostprofiler apprunner appstream appsync arc_region_switch arc_zonal_shift ' +
  'artifact athena auditmanager auto_scaling auto_scaling_plans b2bi backup backup_gateway ' +
  'backupsearch batch bcm_dashboards bcm_data_exports bcm_pricing_calculator ' +
  'bcm_recommended_actions bedrock bedrock_agent bedrock_agent_runtime bedrock_agentcore ' +
  'bedrock_agentcore_control bedrock_data_automation bedrock_data_automation_runtime ' +
  'bedrock_runtime billing billingconductor braket budgets chatbot chime chime_sdk_identity ' +
  'chime_sdk_media_pipelines chime_sdk_meetings chime_sdk_messaging chime_sdk_voice ' +
  'cleanrooms cleanroomsml cloud9 cloudcontrol clouddirectory cloudformation cloudfront ' +
  'cloudfront_keyvaluestore cloudhsm cloudhsm_v2 cloudsearch cloudsearch_domain cloudtrail ' +
  'cloudtrail_data cloudwatch cloudwatch_logs codeartifact codebuild codecatalyst codecommit ' +
  'codeconnections codedeploy codeguru_reviewer codeguru_security codeguruprofiler ' +
  'codepipeline codestar_connections codestar_notifications cognito_identity ' +
  'cognito_identity_provider cognito_sync comprehend comprehendmedical compute_optimizer ' +
  'compute_optimizer_automation config_service connect connect_contact_lens connectcampaigns ' +
  'connectcampaignsv2 connectcases connecthealth connectparticipant controlcatalog ' +
  'controltower cost_and_usage_report_service cost_explorer cost_optimization_hub ' +
  'customer_profiles data_pipeline database_migration_service databrew dataexchange datasync ' +
  'datazone dax deadline detective device_farm devops_agent devops_guru direct_connect ' +
  'directory_service directory_service_data dlm docdb docdb_elastic drs dsql dynamodb ' +
  'dynamodb_streams ebs ec2 ec2_instance_connect ecr ecr_public ecs efs eks eks_auth ' +
  'elastic_beanstalk elastic_load_balancing elastic_load_balancing_v2 elasticache ' +
  'elasticsearch_service elementalinference emr emr_containers emr_serverless ' +
  'entityresolution eventbridge evs finspace finspace_data firehose fis fms forecast ' +
  'forecastquery frauddetector freetier fsx gamelift gameliftstreams geo_maps geo_places ' +
  'geo_routes glacier global_accelerator glue grafana greengrass greengrassv2 groundstation ' +
  'guardduty health healthlake iam identitystore imagebuilder importexport inspector ' +
  'inspector2 inspector_scan interconnect internetmonitor invoicing iot iot_data_plane ' +
  'iot_jobs_data_plane iot_managed_integrations iot_wireless iotdeviceadvisor iotfleetwise ' +
  'iotsecuretunneling iotsitewise iotthingsgraph iottwinmaker ivs ivs_realtime ivschat kafka ' +
  'kafkaconnect kendra kendra_ranking keyspaces keyspacesstreams kinesis kinesis_analytics ' +
  'kinesis_analytics_v2 kinesis_video kinesis_video_archived_media kinesis_video_media ' +
  'kinesis_video_signaling kinesis_video_webrtc_storage kms lakeformation lambda lambda_core ' +
  'lambda_microvms launch_wizard lex_model_building_service lex_models_v2 lex_runtime_service ' +
  'lex_runtime_v2 license_manager license_manager_linux_subscriptions ' +
  'license_manager_user_subscriptions lightsail location lookoutequipment m2 machine_learning ' +
  'macie2 mailmanager managedblockchain managedblockchain_query marketplace_agreement ' +
  'marketplace_catalog marketplace_commerce_analytics marketplace_deployment ' +
  'marketplace_discovery marketplace_entitlement_service marketplace_metering ' +
  'marketplace_reporting mediaconnect mediaconvert medialive mediapackage mediapackage_vod ' +
  'mediapackagev2 mediastore mediastore_data mediatailor medical_imaging memorydb mgn ' +
  'migration_hub migration_hub_refactor_spaces migrationhub_config migrationhuborchestrator ' +
  'migrationhubstrategy mpa mq mturk mwaa mwaa_serverless neptune neptune_graph neptunedata ' +
  'network_firewall networkflowmonitor networkmanager networkmonitor notifications ' +
  'notificationscontacts nova_act oam observabilityadmin odb omics opensearch ' +
  'opensearchserverless organizations osis outposts partnercentral_account ' +
  'partnercentral_benefits partnercentral_channel partnercentral_revenue_measurement ' +
  'partnercentral_selling payment_cryptography payment_cryptography_data pca_connector_ad ' +
  'pca_connector_scep pcs personalize personalize_events personalize_runtime pi pinpoint ' +
  'pinpoint_email pinpoint_sms_voice pinpoint_sms_voice_v2 pipes polly pricing ' +
  'pricing_plan_manager proton qapps qbusiness qconnect quicksight ram rbin rds rds_data ' +
  'redshift redshift_data redshift_serverless rekognition repostspace resiliencehub ' +
  'resiliencehubv2 resource_explorer_2 resource_groups resource_groups_tagging_api ' +
  'rolesanywhere route53_recovery_cluster route53_recovery_control_config ' +
  'route53_recovery_readiness route53globalresolver route53profiles route53resolver route_53 ' +
  'route_53_domains rtbfabric rum s3 s3_control s3files s3outposts s3tables s3vectors ' +
  'sagemaker sagemaker_a2i_runtime sagemaker_edge sagemaker_featurestore_runtime ' +
  'sagemaker_geospatial sagemaker_metrics sagemaker_runtime sagemakerjobruntime savingsplans ' +
  'scheduler schemas secrets_manager security_ir securityagent securityhub securitylake ' +
  'serverlessapplicationrepository service_catalog service_catalog_appregistry service_quotas ' +
  'servicediscovery ses sesv2 sfn shield signer signer_data signin simpledb simpledbv2 ' +
  'snow_device_management snowball sns socialmessaging sqs ssm ssm_contacts ssm_guiconnect ' +
  'ssm_incidents ssm_quicksetup ssm_sap sso sso_admin sso_oidc storage_gateway sts ' +
  'supplychain support support_app supportauthz sustainability swf synthetics taxsettings ' +
  'textract timestream_influxdb timestream_query timestream_write tnb transcribe transfer ' +
  'translate trustedadvisor uxc verifiedpermissions voice_id vpc_lattice waf waf_regional ' +
  'wafv2 wellarchitected wickr wisdom workdocs workmail workmailmessageflow workspaces ' +
  'workspaces_instances workspaces_thin_client workspaces_web xray'
).split(' ');
